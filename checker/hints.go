package checker

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/futurelings/futurelings/checker/course"
)

// hintsFile is the file in the state folder that remembers, per exercise,
// how many levels of its hint the learner has seen. It is kept apart from
// the progress file: losing it only means starting again from the first
// nudge.
const hintsFile = "hints.json"

type hintsDoc struct {
	Version int            `json:"version"`
	Seen    map[string]int `json:"seen"`
}

// HintLevel is the level of a hint to show and how many there are.
type HintLevel struct {
	Level int    // 1-based
	Of    int    // how many levels the exercise has
	Text  string // the text of this level
}

// Last reports whether this is the last level.
func (h HintLevel) Last() bool { return h.Level >= h.Of }

// NextHint returns the next level of e's hint, one more than the learner
// was shown last time (the last level once all were shown), and records it.
// A missing or damaged hints file counts as nothing seen. The error, if
// any, is about recording: the level returned is still the one to show.
func NextHint(ws *Workspace, e *course.Exercise) (HintLevel, error) {
	path := filepath.Join(ws.StateDir(), hintsFile)
	doc := hintsDoc{Version: 1, Seen: map[string]int{}}
	if data, err := os.ReadFile(path); err == nil {
		var read hintsDoc
		if json.Unmarshal(data, &read) == nil && read.Version == 1 && read.Seen != nil {
			doc.Seen = read.Seen
		}
	}
	levels := e.Hints
	if len(levels) == 0 { // an Exercise not read from a course file
		levels = []string{e.Hint}
	}
	n := len(levels)
	level := min(max(doc.Seen[e.Name], 0)+1, n)
	h := HintLevel{Level: level, Of: n, Text: levels[level-1]}
	doc.Seen[e.Name] = level
	data, _ := json.MarshalIndent(doc, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return h, fmt.Errorf("remembering which hint you saw: %w", err)
	}
	if err := writeFileAtomic(path, append(data, '\n')); err != nil {
		return h, fmt.Errorf("remembering which hint you saw: %w", err)
	}
	return h, nil
}
