package report

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	line := "poll #1 returned Pending without waking the waker, so an executor would never poll again"
	got := wrap(line, 30)
	for _, l := range got {
		if len(l) > 30 {
			t.Errorf("piece %q is longer than 30", l)
		}
	}
	if strings.Join(got, " ") != line {
		t.Errorf("wrapping lost words: %q", got)
	}
	indented := "    poll #1: Start → YieldingA, Pending, woke 1×, and some more words here"
	for _, l := range wrap(indented, 30)[1:] {
		if !strings.HasPrefix(l, "    ") {
			t.Errorf("continuation %q lost the indentation", l)
		}
	}
	if got := wrap(line, 0); len(got) != 1 {
		t.Errorf("width 0 wrapped: %q", got)
	}
	long := strings.Repeat("x", 50)
	if got := wrap(long, 30); len(got) != 1 || got[0] != long {
		t.Errorf("an unbreakable word was changed: %q", got)
	}
}
