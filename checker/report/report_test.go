package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker"
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

func TestLimitLinesKeepsTheLastLine(t *testing.T) {
	var lines []string
	for i := 1; i <= 20; i++ {
		lines = append(lines, fmt.Sprintf("line %d", i))
	}
	got := limitLines(lines, 12)
	if len(got) != 13 || got[10] != "line 11" || !strings.Contains(got[11], "8 more lines") || got[12] != "line 20" {
		t.Errorf("limitLines(20 lines, 12) = %q; want 11 lines, a note of 8 more, and the last line", got)
	}
	if got := limitLines(lines[:15], 12); len(got) != 15 {
		t.Errorf("limitLines(15 lines, 12) left lines out: %q; a note would hide no more than it takes", got)
	}
}

func TestVerdictShowsWhatAPassingCheckMeasured(t *testing.T) {
	var b strings.Builder
	for _, c := range []checker.Check{
		{Title: "state machines are smaller", Status: checker.CheckPass, Message: []string{"~3 KB against ~32 B", "second", "third"}},
	} {
		printCheck(&b, c, 12)
	}
	out := b.String()
	if !strings.Contains(out, "~3 KB against ~32 B") || !strings.Contains(out, "second") || strings.Contains(out, "third") {
		t.Errorf("a passing check's message should be shown, briefly (two lines):\n%s", out)
	}
}
