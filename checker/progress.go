package checker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/futurelings/futurelings/checker/course"
)

// stateFile is the progress file inside the state folder.
const stateFile = "state.json"

// lockFile sits beside the progress file; whoever holds a lock on it may
// rewrite the progress file.
const lockFile = "state.lock"

// stateVersion is written into the file so a future format can be told
// apart.
const stateVersion = 1

type stateDoc struct {
	Version int                  `json:"version"`
	Current string               `json:"current,omitempty"`
	Done    map[string]time.Time `json:"done"`
}

// Progress is the learner's progress through the course: which exercises
// are done and which one they are on, as last read from the state file.
//
// Several commands may run at once (two terminals, watch beside run), so no
// command writes the whole document it once read. A command says what
// happened as [Change] values and [Progress.Apply] makes them the one
// transaction that changes the file: lock, re-read, apply, write, unlock.
type Progress struct {
	ws   *Workspace
	doc  stateDoc
	path string
	// Notice says why the saved progress could not be used (missing,
	// corrupt or of a newer format), or is empty when it loaded fine. A
	// command shows it once.
	Notice string
	// Lost is true when there was no usable progress file: the command
	// rebuilds the progress from verdicts.
	Lost bool
	// Newer is true when the file was written by a newer futurelings. It is
	// kept as it is and never overwritten; progress made now is not saved.
	Newer bool
}

// A Change is one thing that happened to the learner's progress, as a
// command reports it to [Progress.Apply].
type Change interface {
	apply(p *Progress) (changed bool)
}

// DidPass says that an exercise passed its checks.
type DidPass struct{ Name string }

// WasReset says that an exercise was put back as shipped: it is not done.
type WasReset struct{ Name string }

// ContinueAt says that the learner goes on with the named exercise.
type ContinueAt struct{ Name string }

// MoveOn says that the learner, if still on From, goes on to the next
// pending exercise after it. It comes after a DidPass of From.
type MoveOn struct{ From string }

func (c DidPass) apply(p *Progress) bool {
	if _, ok := p.doc.Done[c.Name]; ok || p.ws.Course.Lookup(c.Name) == nil {
		return false
	}
	p.doc.Done[c.Name] = time.Now().UTC().Truncate(time.Second)
	return true
}

func (c WasReset) apply(p *Progress) bool {
	if _, ok := p.doc.Done[c.Name]; !ok {
		return false
	}
	delete(p.doc.Done, c.Name)
	return true
}

func (c ContinueAt) apply(p *Progress) bool {
	if p.doc.Current == c.Name || p.ws.Course.Lookup(c.Name) == nil {
		return false
	}
	p.doc.Current = c.Name
	return true
}

func (c MoveOn) apply(p *Progress) bool {
	from := p.ws.Course.Lookup(c.From)
	if cur := p.Current(); from == nil || cur == nil || cur != from {
		return false
	}
	if next := p.NextPending(from); next != nil {
		return ContinueAt{next.Name}.apply(p)
	}
	return false
}

// LoadProgress reads the workspace's progress. It never fails: a missing or
// unreadable file gives empty progress and a Notice.
func LoadProgress(ws *Workspace) *Progress {
	p := &Progress{ws: ws, path: filepath.Join(ws.StateDir(), stateFile)}
	p.read()
	return p
}

// Reload reads the progress file again, to see what other commands have
// recorded since.
func (p *Progress) Reload() { p.read() }

// read replaces p's state with the file's. The file is only ever replaced
// by a rename, so a reader without the lock sees a whole old or new file.
func (p *Progress) read() {
	p.doc = stateDoc{Done: map[string]time.Time{}}
	p.Lost, p.Newer, p.Notice = false, false, ""
	data, err := os.ReadFile(p.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		p.Lost = true
		return
	case err != nil:
		p.Lost = true
		p.Notice = fmt.Sprintf("could not read your progress (%v)", err)
		return
	}
	var doc stateDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		p.Lost = true
		p.Notice = fmt.Sprintf("your progress file %s is damaged", relTo(".", p.path))
		return
	}
	if doc.Version > stateVersion {
		p.Newer = true
		p.Notice = fmt.Sprintf("your progress file %s was written by a newer futurelings (format %d; this one reads %d): it is kept as it is, and progress made with this futurelings is not saved",
			relTo(".", p.path), doc.Version, stateVersion)
		if b, err := p.backupNewer(data, doc.Version); err == nil {
			p.Notice += fmt.Sprintf(" (a copy is in %s)", relTo(".", b))
		}
		return
	}
	if doc.Version != stateVersion {
		p.Lost = true
		p.Notice = fmt.Sprintf("your progress file %s has an unknown format (version %d)", relTo(".", p.path), doc.Version)
		return
	}
	for name, t := range doc.Done {
		if p.ws.Course.Lookup(name) != nil {
			p.doc.Done[name] = t
		}
	}
	if p.ws.Course.Lookup(doc.Current) != nil {
		p.doc.Current = doc.Current
	}
}

// backupNewer keeps a copy of a progress file of a newer format beside it,
// once per format version, and returns its path.
func (p *Progress) backupNewer(data []byte, version int) (string, error) {
	b := fmt.Sprintf("%s.v%d.bak", p.path, version)
	if _, err := os.Stat(b); err == nil {
		return b, nil
	}
	return b, writeFileAtomic(b, data)
}

// Apply records what happened in one transaction on the progress file: it
// takes the lock, reads the file as other commands have left it, applies
// the changes, writes the file atomically when something changed (or when
// there was no usable file) and unlocks. Afterwards p shows the merged
// progress. A file of a newer format is left alone.
func (p *Progress) Apply(changes ...Change) error {
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	unlock, err := lockPath(filepath.Join(filepath.Dir(p.path), lockFile))
	if err != nil {
		return fmt.Errorf("saving progress: locking it: %w", err)
	}
	defer unlock()
	removeStaleTemps(p.path)
	p.read()
	if p.Newer {
		for _, c := range changes {
			c.apply(p) // in memory only
		}
		return nil
	}
	changed := p.Lost
	for _, c := range changes {
		if c.apply(p) {
			changed = true
		}
	}
	if !changed {
		return nil
	}
	p.doc.Version = stateVersion
	data, err := json.MarshalIndent(p.doc, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(p.path, append(data, '\n')); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	p.Lost, p.Notice = false, ""
	return nil
}

// removeStaleTemps removes temporary files a killed command left beside
// the progress file. Temporary files are only written under the lock, so
// any found while holding it are stale.
func removeStaleTemps(path string) {
	olds, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, f := range olds {
		os.Remove(f)
	}
}

// IsDone reports whether the exercise has passed before.
func (p *Progress) IsDone(name string) bool {
	_, ok := p.doc.Done[name]
	return ok
}

// DoneCount returns how many exercises are done.
func (p *Progress) DoneCount() int { return len(p.doc.Done) }

// AllDone reports whether every exercise of the course is done.
func (p *Progress) AllDone() bool { return p.NextPending(nil) == nil }

// Current returns the exercise the learner is on: the one chosen last, or
// else the first that is not done. It is nil when everything is done and
// nothing was chosen.
func (p *Progress) Current() *course.Exercise {
	if e := p.ws.Course.Lookup(p.doc.Current); e != nil {
		return e
	}
	return p.NextPending(nil)
}

// NextPending returns the first exercise after from (in course order,
// wrapping around) that is not done, or nil when all are. A nil from starts
// at the beginning.
func (p *Progress) NextPending(from *course.Exercise) *course.Exercise {
	exs := p.ws.Course.Exercises
	start := 0
	if from != nil {
		start = from.Index + 1
	}
	for i := range exs {
		e := exs[(start+i)%len(exs)]
		if !p.IsDone(e.Name) {
			return e
		}
	}
	return nil
}

// Record applies a DidPass for every verdict that passed.
func Record(p *Progress, verdicts []*Verdict) error {
	var cs []Change
	for _, v := range verdicts {
		if v != nil && v.Passed() {
			cs = append(cs, DidPass{v.Exercise.Name})
		}
	}
	return p.Apply(cs...)
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it over path, readable by all as a file written with os.WriteFile would be.
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicMode(path, data, 0o644)
}

// writeFileAtomicMode is writeFileAtomic with the file's permissions
// (os.CreateTemp makes a file only its owner can read).
func writeFileAtomicMode(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	merr := f.Chmod(perm)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, merr, serr, cerr); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Rebuild recovers lost progress by checking every exercise once: each one
// that passes is done. It is what a missing or damaged state file costs.
func (w *Workspace) Rebuild(ctx context.Context, p *Progress, opts Options) error {
	verdicts, err := w.Check(ctx, Targets(w.Course.Exercises), opts)
	if err != nil {
		return err
	}
	return Record(p, verdicts)
}
