package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// saveStyles are the ways editors save a file.
var saveStyles = []struct {
	name string
	save func(path string, data []byte) error
}{
	{"in place", func(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }},
	{"truncate then write", func(path string, data []byte) error {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		half := len(data) / 2
		if _, err := f.Write(data[:half]); err != nil {
			return err
		}
		if _, err := f.Write(data[half:]); err != nil {
			return err
		}
		return f.Close()
	}},
	{"temporary file renamed over it", func(path string, data []byte) error {
		tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	}},
	{"renamed away, then written anew", func(path string, data []byte) error {
		if err := os.Rename(path, path+"~"); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		return os.Remove(path + "~")
	}},
	{"deleted, then created", func(path string, data []byte) error {
		if err := os.Remove(path); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}},
}

// watchers builds each kind of watcher on dir.
var watchers = []struct {
	name string
	new  func(t *testing.T, dir string) Watcher
}{
	{"notify", func(t *testing.T, dir string) Watcher {
		w, err := NewNotifier(dir)
		if err != nil {
			t.Skipf("no file change notifications here: %v", err)
		}
		return w
	}},
	{"poll", func(t *testing.T, dir string) Watcher { return NewPoller(dir, 10*time.Millisecond) }},
}

const patience = 30 * time.Second

// changesUntil collects changes until one for marker arrives.
func changesUntil(t *testing.T, w Watcher, marker string) []string {
	t.Helper()
	var got []string
	deadline := time.After(patience)
	for {
		select {
		case c, ok := <-w.Changes():
			if !ok {
				t.Fatalf("the watcher stopped; changes so far: %q", got)
			}
			if c.Err != nil {
				t.Fatalf("the watcher failed: %v", c.Err)
			}
			if c.Path == marker {
				return got
			}
			got = append(got, c.Path)
		case <-deadline:
			t.Fatalf("no change for %s within %v; changes so far: %q", marker, patience, got)
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchersSeeEverySaveStyle(t *testing.T) {
	for _, wk := range watchers {
		t.Run(wk.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "yield_once.go")
			marker := filepath.Join(dir, "zz_marker.go")
			writeFile(t, file, "package yieldonce\n")
			w := wk.new(t, dir)
			defer w.Close()
			for i, style := range saveStyles {
				src := fmt.Sprintf("package yieldonce\n\nvar version = %d%s\n", i, make([]byte, 0, i))
				if err := style.save(file, []byte(src)); err != nil {
					t.Fatalf("%s: %v", style.name, err)
				}
				got := waitFor(t, w, file)
				for _, p := range got {
					if p != file && p != marker { // the last marker's write may come late
						t.Errorf("%s: reported %s; only Go files the package compiles should count", style.name, p)
					}
				}
				// The marker ends the save's events, whatever they were.
				writeFile(t, marker, fmt.Sprintf("package yieldonce // %d\n", i))
				for _, p := range changesUntil(t, w, marker) {
					if p != file {
						t.Errorf("%s: reported %s", style.name, p)
					}
				}
			}
		})
	}
}

// waitFor collects changes until one for path arrives.
func waitFor(t *testing.T, w Watcher, path string) []string {
	t.Helper()
	got := changesUntil(t, w, path)
	return append(got, path)
}

func TestWatchersSeeNewFiles(t *testing.T) {
	for _, wk := range watchers {
		t.Run(wk.name, func(t *testing.T) {
			dir := t.TempDir()
			w := wk.new(t, dir)
			defer w.Close()
			extra := filepath.Join(dir, "helper.go")
			writeFile(t, extra, "package x\n")
			waitFor(t, w, extra)
		})
	}
}

func TestWatchersIgnoreWhatIsNotGoSource(t *testing.T) {
	for _, wk := range watchers {
		t.Run(wk.name, func(t *testing.T) {
			dir := t.TempDir()
			w := wk.new(t, dir)
			defer w.Close()
			for _, name := range []string{"notes.txt", ".#a.go", "_old.go", "a.go~", "4913", "a.go.swp"} {
				writeFile(t, filepath.Join(dir, name), "x")
			}
			if err := os.Mkdir(filepath.Join(dir, "sub.go"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "sub.go", "inner.go"), "package sub\n")
			marker := filepath.Join(dir, "marker.go")
			writeFile(t, marker, "package x\n")
			if got := changesUntil(t, w, marker); len(got) > 0 {
				t.Errorf("reported %q; want only Go source files of the folder itself", got)
			}
		})
	}
}

func TestWatchersMoveToAnotherFolder(t *testing.T) {
	for _, wk := range watchers {
		t.Run(wk.name, func(t *testing.T) {
			first, second := t.TempDir(), t.TempDir()
			w := wk.new(t, first)
			defer w.Close()
			// Given with a trailing separator and dots: names are compared
			// cleaned.
			if err := w.Watch(second + string(filepath.Separator) + "."); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(first, "old.go"), "package x\n")
			marker := filepath.Join(second, "new.go")
			writeFile(t, marker, "package x\n")
			if got := changesUntil(t, w, marker); len(got) > 0 {
				t.Errorf("reported %q from the folder watched before", got)
			}
		})
	}
}

func TestWatchersCloseTheirChanges(t *testing.T) {
	for _, wk := range watchers {
		t.Run(wk.name, func(t *testing.T) {
			w := wk.new(t, t.TempDir())
			w.Close()
			w.Close() // twice is harmless
			deadline := time.After(patience)
			for {
				select {
				case _, ok := <-w.Changes():
					if !ok {
						return
					}
				case <-deadline:
					t.Fatal("Changes was not closed after Close")
				}
			}
		})
	}
}

func TestNotifierSaysWhenItsFolderGoes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w := watchers[0].new(t, dir)
	defer w.Close()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(patience)
	for {
		select {
		case c, ok := <-w.Changes():
			if !ok {
				t.Fatal("the watcher stopped without saying why")
			}
			if c.Err != nil {
				if !strings.Contains(c.Err.Error(), "was removed or renamed") {
					t.Errorf("error %q; want it to say the folder was removed", c.Err)
				}
				return
			}
		case <-deadline:
			t.Fatal("no error after the watched folder was removed")
		}
	}
}

func TestPollerSeesAFolderComeBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ex")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a.go"), "package a\n")
	w := NewPoller(dir, 10*time.Millisecond)
	defer w.Close()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a.go"), "package a // back\n")
	waitFor(t, w, filepath.Join(dir, "a.go"))
}

func TestStartPicksTheWatcher(t *testing.T) {
	dir := t.TempDir()
	w, notice := Start(dir, true, time.Second)
	defer w.Close()
	if w.Kind() != "poll" || notice != "--poll asked for it" {
		t.Errorf("Start with poll: %s watcher, notice %q; want poll, because --poll asked for it", w.Kind(), notice)
	}
	w2, notice := Start(dir, false, time.Second)
	defer w2.Close()
	if w2.Kind() == "poll" && notice == "" {
		t.Errorf("Start fell back to polling without saying why")
	}
	// A folder that cannot be watched: polling, and a notice that says so.
	w3, notice := Start(filepath.Join(dir, "missing"), false, time.Second)
	defer w3.Close()
	if w3.Kind() != "poll" || !strings.Contains(notice, "file change notifications are not available") {
		t.Errorf("Start on a missing folder: %s watcher, notice %q; want polling with a notice", w3.Kind(), notice)
	}
}

func TestIsGoSource(t *testing.T) {
	for name, want := range map[string]bool{
		"a.go": true, "/x/y/yield_once.go": true, "a_test.go": true,
		".#a.go": false, "_a.go": false, "a.go~": false, "a.go.tmp": false, "a.txt": false,
	} {
		if got := isGoSource(name); got != want {
			t.Errorf("isGoSource(%q) = %v, want %v", name, got, want)
		}
	}
}
