package checker

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/futurelings/futurelings/checker/course"
)

func TestNextHint(t *testing.T) {
	ws := &Workspace{Root: t.TempDir()}
	a := &course.Exercise{Name: "a", Hints: []string{"one", "two", "three"}}
	b := &course.Exercise{Name: "b", Hints: []string{"only"}}
	next := func(e *course.Exercise) HintLevel {
		t.Helper()
		h, err := NextHint(ws, e)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	for i, want := range []string{"one", "two", "three", "three"} {
		if h := next(a); h.Text != want || h.Of != 3 || h.Level != min(i+1, 3) {
			t.Errorf("ask #%d for a: %+v, want %q", i+1, h, want)
		}
	}
	if h := next(b); h.Text != "only" || !h.Last() {
		t.Errorf("b: %+v; each exercise has its own level", h)
	}

	// A damaged file is as good as none: start again from the first level.
	path := filepath.Join(ws.StateDir(), hintsFile)
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if h := next(a); h.Level != 1 {
		t.Errorf("after a damaged file: level %d, want 1", h.Level)
	}
	if h := next(a); h.Level != 2 {
		t.Errorf("the file was rewritten: level %d, want 2", h.Level)
	}
	os.Remove(path)
	if h := next(a); h.Level != 1 {
		t.Errorf("after a missing file: level %d, want 1", h.Level)
	}
}
