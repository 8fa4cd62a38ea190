package watch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// Notifier is the Watcher built on the system's file change notifications
// (inotify, kqueue, ReadDirectoryChangesW) through fsnotify.
//
// It watches the folder, not the files: editors that save by writing a
// temporary file and renaming it over the old one (vim, JetBrains, VS Code)
// replace the file a file watch would be on. In the folder, a Create, Write
// or Rename of a Go file is a change.
type Notifier struct {
	fw      *fsnotify.Watcher
	changes chan Change
	done    chan struct{}
	once    sync.Once

	mu  sync.Mutex
	dir string // cleaned
}

// NewNotifier starts watching dir.
func NewNotifier(dir string) (*Notifier, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	n := &Notifier{fw: fw, changes: make(chan Change, 64), done: make(chan struct{})}
	if err := n.Watch(dir); err != nil {
		fw.Close()
		return nil, err
	}
	go n.run()
	return n, nil
}

// Watch implements Watcher.
func (n *Notifier) Watch(dir string) error {
	dir = filepath.Clean(dir)
	n.mu.Lock()
	old := n.dir
	n.mu.Unlock()
	if old == dir {
		return nil
	}
	if err := n.fw.Add(dir); err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	n.mu.Lock()
	n.dir = dir
	n.mu.Unlock()
	if old != "" {
		n.fw.Remove(old) // the folder may be gone; nothing to do then
	}
	return nil
}

// Changes implements Watcher.
func (n *Notifier) Changes() <-chan Change { return n.changes }

// Kind implements Watcher.
func (n *Notifier) Kind() string { return "notify" }

// Close implements Watcher.
func (n *Notifier) Close() error {
	var err error
	n.once.Do(func() {
		close(n.done)
		err = n.fw.Close()
	})
	return err
}

func (n *Notifier) run() {
	defer close(n.changes)
	for {
		select {
		case ev, ok := <-n.fw.Events:
			if !ok {
				return
			}
			n.mu.Lock()
			dir := n.dir
			n.mu.Unlock()
			if sameDir(ev.Name, dir) && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
				// The system drops the watch with the folder: nothing that
				// happens to a folder made again in its place would be seen.
				n.send(Change{Err: fmt.Errorf("the folder %s was removed or renamed", dir)})
				return
			}
			if !(ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) || ev.Has(fsnotify.Rename)) || !isGoSource(ev.Name) {
				continue
			}
			// Events of the folder watched before may still be on their
			// way after a switch.
			if !sameDir(filepath.Dir(ev.Name), dir) {
				continue
			}
			if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
				continue // a folder named x.go is no Go file
			}
			if !n.send(Change{Path: filepath.Clean(ev.Name)}) {
				return
			}
		case err, ok := <-n.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				if !n.send(Change{Lost: true}) {
					return
				}
				continue
			}
			n.send(Change{Err: err})
			return
		}
	}
}

func (n *Notifier) send(c Change) bool {
	select {
	case n.changes <- c:
		return true
	case <-n.done:
		return false
	}
}

// explain turns the errors of a watcher that cannot start into words.
func explain(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the system's limit on watched folders is reached; raise fs.inotify.max_user_watches"
	case errors.Is(err, syscall.EMFILE):
		return "the system's limit on watchers is reached; raise fs.inotify.max_user_instances"
	}
	return err.Error()
}
