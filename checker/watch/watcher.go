package watch

import (
	"path/filepath"
	"strings"
	"time"
)

// Watcher reports changes to the Go files of one folder at a time: the
// folder of the exercise the learner is on.
type Watcher interface {
	// Watch makes dir the watched folder, in place of the previous one.
	Watch(dir string) error
	// Changes delivers the changes. It is closed when the watcher stops.
	Changes() <-chan Change
	// Close stops the watcher.
	Close() error
	// Kind describes how the watcher works, for notices.
	Kind() string
}

// Change is a change to a Go file in the watched folder, or news that
// changes may have been missed, or the failure of the watcher.
type Change struct {
	// Path is the file that changed; empty when Lost or Err is set.
	Path string
	// Lost means the system dropped events: anything may have changed.
	Lost bool
	// Err means the watcher stopped working; no more changes will come.
	Err error
}

// DefaultPollInterval is how often the polling watcher looks at the files.
const DefaultPollInterval = 500 * time.Millisecond

// isGoSource reports whether name is a file the go command would compile:
// it ends in .go and does not start with "." or "_" (which also leaves out
// editors' lock and swap files such as Emacs's ".#x.go").
func isGoSource(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, ".go") && !strings.HasPrefix(base, ".") && !strings.HasPrefix(base, "_")
}

// sameDir compares folders after cleaning both: event names arrive as
// given to the watcher plus the file name, with whatever separators and
// dots the caller used.
func sameDir(a, b string) bool {
	return filepath.Clean(a) == filepath.Clean(b)
}

// Start returns a watcher for dir: file-system notifications when they can
// be trusted there, polling every interval otherwise (or when poll is
// true). notice explains why it polls, or is empty.
func Start(dir string, poll bool, interval time.Duration) (w Watcher, notice string) {
	if poll {
		return NewPoller(dir, interval), "--poll asked for it"
	}
	if fs := remoteFS(dir); fs != "" {
		return NewPoller(dir, interval), "the exercises are on a " + fs + " file system, where change notifications can be missed"
	}
	nw, err := NewNotifier(dir)
	if err != nil {
		return NewPoller(dir, interval), "file change notifications are not available (" + explain(err) + ")"
	}
	return nw, ""
}
