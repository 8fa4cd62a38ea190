package checker

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/futurelings/futurelings/checker/bundle"
)

// BackupsDir is where reset keeps the learner's files, inside the state
// folder.
const BackupsDir = "backups"

// ResetResult says what Reset did.
type ResetResult struct {
	// Backup is the folder, relative to the workspace, that holds the
	// learner's files as they were; empty when there was nothing to keep.
	Backup string
	// Restored are the shipped files written back, relative to the
	// workspace.
	Restored []string
	// Removed are Go files that the exercise does not ship, moved into the
	// backup.
	Removed []string
	// Unchanged is true when the folder already was as shipped.
	Unchanged bool
}

// Reset puts the exercise's shipped Go files back, from the copy embedded
// in the binary (never from the workspace, whose files may be the
// learner's). The learner's Go files are first copied to a new folder under
// .futurelings/backups/; Go files the exercise does not ship are removed
// (they are in the backup too). A deleted exercise folder is recreated.
// Reset does not touch progress: the caller marks the exercise undone.
func (w *Workspace) Reset(e *Exercise) (*ResetResult, error) {
	shipped := bundle.Dir(e.Dir)
	if len(shipped) == 0 {
		return nil, &bundle.NoCopyError{Dir: e.Dir}
	}
	want := map[string][]byte{}
	for _, p := range shipped {
		data, err := bundle.Read(p)
		if err != nil {
			return nil, err
		}
		want[path.Base(p)] = data
	}
	dir := w.Path(e.Dir)
	if err := w.inside(dir); err != nil {
		return nil, fmt.Errorf("resetting %s: %w", e.Name, err)
	}
	mine, err := goFilesIn(dir)
	if err != nil {
		return nil, fmt.Errorf("resetting %s: %w", e.Name, err)
	}

	res := &ResetResult{}
	if sameFiles(mine, want) {
		res.Unchanged = true
		return res, nil
	}
	if len(mine) > 0 {
		backup, err := w.backup(e.Name, mine)
		if err != nil {
			return nil, fmt.Errorf("backing up %s: %w", e.Dir, err)
		}
		res.Backup = backup
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	for _, p := range shipped {
		name := path.Base(p)
		target := filepath.Join(dir, name)
		perm := os.FileMode(0o644)
		if fi, err := os.Lstat(target); err == nil && fi.Mode().IsRegular() {
			perm = fi.Mode().Perm() // the learner's file keeps its mode
		}
		if err := writeFileAtomicMode(target, want[name], perm); err != nil {
			return res, fmt.Errorf("restoring %s: %w", p, err)
		}
		res.Restored = append(res.Restored, p)
	}
	for name := range mine {
		if _, ok := want[name]; !ok {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return res, err
			}
			res.Removed = append(res.Removed, e.Dir+"/"+name)
		}
	}
	return res, nil
}

// inside returns an error when dir, or the nearest of its parents that
// exists, resolves through a symbolic link to somewhere outside the
// workspace: reset writes and deletes files there, and must never do that
// outside the course.
func (w *Workspace) inside(dir string) error {
	root, err := filepath.EvalSymlinks(w.Root)
	if err != nil {
		return err
	}
	existing := dir
	for {
		if _, err := os.Lstat(existing); err == nil {
			break
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return nil
		}
		existing = parent
	}
	real, err := filepath.EvalSymlinks(existing)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("%s leads through a symbolic link to %s, outside the workspace; reset does not write there. Replace the link with a real folder and reset again", relTo(w.Root, existing), real)
	}
	return nil
}

// goFilesIn reads every Go file directly in dir (tests included); a missing
// folder has none.
func goFilesIn(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, d := range entries {
		if !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, d.Name()))
		if err != nil {
			return nil, err
		}
		files[d.Name()] = data
	}
	return files, nil
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if other, ok := b[name]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}

// backup copies files into a new folder .futurelings/backups/<name>-<time>
// and returns its path relative to the workspace.
func (w *Workspace) backup(name string, files map[string][]byte) (string, error) {
	parent := filepath.Join(w.StateDir(), BackupsDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	base := name + "-" + time.Now().Format("20060102-150405")
	dir := filepath.Join(parent, base)
	for i := 2; ; i++ {
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return "", err
		}
		dir = filepath.Join(parent, fmt.Sprintf("%s-%d", base, i))
	}
	for f, data := range files {
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			return "", err
		}
	}
	rel, err := filepath.Rel(w.Root, dir)
	if err != nil {
		return dir, nil
	}
	return filepath.ToSlash(rel), nil
}
