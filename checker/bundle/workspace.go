package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// GoMod is the go.mod of a standalone workspace. The exercises and the
// hidden checks import only core and the standard library, so it needs no
// requirements and works offline.
const GoMod = "module github.com/futurelings/futurelings\n\ngo 1.25.0\n"

// gitignore keeps futurelings' own files (progress, backups, checks) out
// of a learner's repository.
const gitignore = ".futurelings/\n"

// readme is the README.md of a standalone workspace.
const readme = `# futurelings

This folder is your futurelings workspace: a hands-on course on what happens
under async/await. Each exercise is a small Go package under exercises/.
futurelings checks it against hidden tests with the Go toolchain, tells you
what went wrong in terms of futures, and moves on when it passes.

## Start

    futurelings watch

It checks the exercise you are on every time you save it, and moves on to
the next one when it passes. Open the file it names, read the comment at the
top, and replace the TODOs. While it runs, single keys do the rest: h a hint,
l the list of exercises, c check them all, t a trace, q quit
('futurelings watch --help' lists them all).

## Commands

    futurelings watch          check the current exercise on every save
    futurelings run [NAME]     check one exercise and show every check
    futurelings hint [NAME]    a hint for an exercise (the current one by default),
                               a little more each time you ask; --all: every level
    futurelings list           every exercise, and which ones are done
    futurelings verify         check every exercise
    futurelings trace [NAME]   print your future poll by poll: its states, what
                               each state holds, the polls of its sub-futures
    futurelings reset NAME     put the shipped exercise back (yours is backed up
                               under .futurelings/backups/)

Once an exercise passes, its reference solution is written under solutions/
for you to compare with your own. Your progress lives in .futurelings/, which
git ignores. You need Go 1.25 or newer, and no network.
`

// ExistsError is returned by WriteWorkspace for a folder it will not write
// into.
type ExistsError struct {
	Dir       string
	Workspace bool     // the folder already holds a workspace
	Entries   []string // a few of the names already there
}

func (e *ExistsError) Error() string {
	if e.Workspace {
		return fmt.Sprintf("%s already holds a futurelings workspace; carry on with 'cd %s && futurelings watch', "+
			"or give another folder: futurelings init DIR", e.Dir, e.Dir)
	}
	return fmt.Sprintf("%s is not empty (it has %s); init only writes into a new or empty folder: "+
		"give another one, futurelings init DIR", e.Dir, strings.Join(e.Entries, ", "))
}

// WriteWorkspace writes a standalone workspace into dir, creating the
// folder if needed: the course file, core, the exercises, a go.mod, a
// .gitignore and a README. The reference solutions stay out; a learner gets
// each one after passing its exercise. It refuses a folder that is not
// empty.
func WriteWorkspace(dir string) error {
	created := false
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		created = true
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s is a file, not a folder: give a new folder to write the workspace into, futurelings init DIR", dir)
		}
		return err
	case len(entries) > 0:
		e := &ExistsError{Dir: dir}
		for _, d := range entries {
			if d.Name() == "exercises.toml" {
				e.Workspace = true
			}
			if len(e.Entries) < 3 {
				e.Entries = append(e.Entries, d.Name())
			}
		}
		if len(entries) > 3 {
			e.Entries = append(e.Entries, "...")
		}
		return e
	}
	err = writeWorkspace(dir)
	if err != nil && created {
		os.RemoveAll(dir) // only what was just written
	}
	return err
}

func writeWorkspace(dir string) error {
	for _, name := range Files() {
		if strings.HasPrefix(name, "solutions/") {
			continue
		}
		data, _ := Read(name)
		if err := WriteNew(filepath.Join(dir, filepath.FromSlash(name)), data); err != nil {
			return err
		}
	}
	for name, data := range map[string]string{"go.mod": GoMod, ".gitignore": gitignore, "README.md": readme} {
		if err := WriteNew(filepath.Join(dir, name), []byte(data)); err != nil {
			return err
		}
	}
	return nil
}

// WriteNew writes a file that must not exist yet, creating its folder. It
// never overwrites: an existing file is an error matching fs.ErrExist.
func WriteNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
