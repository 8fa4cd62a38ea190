package watch

import (
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Poller is the Watcher that looks at the folder's Go files every interval
// and reports those whose modification time, size or identity changed, and
// new ones. It is the fallback where notifications do not work (network
// and shared-folder file systems, exhausted inotify limits) and what
// --poll asks for.
type Poller struct {
	interval time.Duration
	changes  chan Change
	done     chan struct{}
	once     sync.Once

	mu   sync.Mutex
	dir  string
	seen map[string]os.FileInfo
}

// NewPoller starts polling dir every interval (DefaultPollInterval when 0).
func NewPoller(dir string, interval time.Duration) *Poller {
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	p := &Poller{interval: interval, changes: make(chan Change, 64), done: make(chan struct{})}
	p.Watch(dir)
	go p.run()
	return p
}

// Watch implements Watcher. It takes the new folder's snapshot at once, so
// that what changes from now on is reported.
func (p *Poller) Watch(dir string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dir = filepath.Clean(dir)
	p.seen = snapshot(p.dir)
	return nil
}

// Changes implements Watcher.
func (p *Poller) Changes() <-chan Change { return p.changes }

// Kind implements Watcher.
func (p *Poller) Kind() string { return "poll" }

// Close implements Watcher.
func (p *Poller) Close() error {
	p.once.Do(func() { close(p.done) })
	return nil
}

func (p *Poller) run() {
	defer close(p.changes)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
		}
		for _, path := range p.scan() {
			select {
			case p.changes <- Change{Path: path}:
			case <-p.done:
				return
			}
		}
	}
}

// scan compares the folder with the last snapshot and returns the files
// that are new or changed. Removed files are not changes: a file deleted
// and written again shows up as new.
func (p *Poller) scan() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := snapshot(p.dir)
	var changed []string
	for name, fi := range now {
		old, ok := p.seen[name]
		if !ok || !fi.ModTime().Equal(old.ModTime()) || fi.Size() != old.Size() || !os.SameFile(fi, old) {
			changed = append(changed, filepath.Join(p.dir, name))
		}
	}
	p.seen = now
	return changed
}

// snapshot stats the Go files in dir. A folder that cannot be read gives
// an empty snapshot, so its files count as new when it comes back.
func snapshot(dir string) map[string]os.FileInfo {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	files := make(map[string]os.FileInfo, len(entries))
	for _, e := range entries {
		if e.IsDir() || !isGoSource(e.Name()) {
			continue
		}
		// Stat rather than the entry's Info, to follow symbolic links.
		if fi, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
			files[e.Name()] = fi
		}
	}
	return files
}
