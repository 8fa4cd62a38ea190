package checker

import (
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

// stateVersion is written into the file so a future format can be told
// apart.
const stateVersion = 1

type stateDoc struct {
	Version int                  `json:"version"`
	Current string               `json:"current,omitempty"`
	Done    map[string]time.Time `json:"done"`
}

// Progress is the learner's progress through the course: which exercises
// are done and which one they are on. It is the only owner of the state
// file; commands borrow it.
type Progress struct {
	ws   *Workspace
	doc  stateDoc
	path string
	// Notice says why the saved progress could not be used (missing or
	// corrupt), or is empty when it loaded fine. A command shows it once
	// and rebuilds the progress from verdicts.
	Notice string
	// Lost is true when there was no usable progress file.
	Lost bool
}

// LoadProgress reads the workspace's progress. It never fails: a missing or
// unreadable file gives empty progress and a Notice.
func LoadProgress(ws *Workspace) *Progress {
	p := &Progress{ws: ws, path: filepath.Join(ws.StateDir(), stateFile)}
	p.doc.Done = map[string]time.Time{}
	data, err := os.ReadFile(p.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		p.Lost = true
		return p
	case err != nil:
		p.Lost = true
		p.Notice = fmt.Sprintf("could not read your progress (%v)", err)
		return p
	}
	var doc stateDoc
	if err := json.Unmarshal(data, &doc); err != nil || doc.Version != stateVersion {
		p.Lost = true
		p.Notice = fmt.Sprintf("your progress file %s is damaged", relTo(".", p.path))
		if err == nil {
			p.Notice = fmt.Sprintf("your progress file %s has an unknown format (version %d)", relTo(".", p.path), doc.Version)
		}
		return p
	}
	for name, t := range doc.Done {
		if ws.Course.Lookup(name) != nil {
			p.doc.Done[name] = t
		}
	}
	if ws.Course.Lookup(doc.Current) != nil {
		p.doc.Current = doc.Current
	}
	return p
}

// IsDone reports whether the exercise has passed before.
func (p *Progress) IsDone(name string) bool {
	_, ok := p.doc.Done[name]
	return ok
}

// DoneCount returns how many exercises are done.
func (p *Progress) DoneCount() int { return len(p.doc.Done) }

// MarkDone records that the exercise passed.
func (p *Progress) MarkDone(name string) {
	if _, ok := p.doc.Done[name]; !ok {
		p.doc.Done[name] = time.Now().UTC().Truncate(time.Second)
	}
}

// MarkUndone forgets that the exercise passed (after a reset).
func (p *Progress) MarkUndone(name string) { delete(p.doc.Done, name) }

// Current returns the exercise the learner is on: the one chosen last, or
// else the first that is not done. It is nil when everything is done and
// nothing was chosen.
func (p *Progress) Current() *course.Exercise {
	if e := p.ws.Course.Lookup(p.doc.Current); e != nil {
		return e
	}
	return p.NextPending(nil)
}

// SetCurrent makes the named exercise the current one.
func (p *Progress) SetCurrent(name string) { p.doc.Current = name }

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

// Save writes the progress atomically: a temporary file renamed over the
// old one, so a crash leaves either the old or the new file, never half.
func (p *Progress) Save() error {
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
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

// writeFileAtomic writes data to a temporary file next to path and renames
// it over path.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
