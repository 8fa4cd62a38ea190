package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fatih/color"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/course"
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
		printCheck(&b, nil, c, 12)
	}
	out := b.String()
	if !strings.Contains(out, "~3 KB against ~32 B") || !strings.Contains(out, "second") || strings.Contains(out, "third") {
		t.Errorf("a passing check's message should be shown, briefly (two lines):\n%s", out)
	}
}

func TestLineGivesTheFailedChecksAsReasons(t *testing.T) {
	color.NoColor = true
	ex := &course.Exercise{Name: "countdown", Dir: "exercises/1_futures/countdown"}
	check := func(title, status, msg string) checker.Check {
		return checker.Check{Title: title, Status: status, Message: []string{msg}}
	}
	v := &checker.Verdict{Exercise: ex, Dir: ex.Dir, Status: checker.Failed, Summary: "2 of 5 checks fail, 2 more wait until those pass",
		Checks: []checker.Check{
			check("is pending", checker.CheckFail, "poll #1 returned Ready"),
			check("wakes", checker.CheckSkip, "not checked yet: poll #1 must return Pending first"),
			check("counts down", checker.CheckFail, "poll #2 returned Ready"),
			check("is ready", checker.CheckSkip, "not checked yet: poll #1 must return Pending first"),
			check("zero", checker.CheckPass, ""),
		}}
	var b strings.Builder
	Line(&b, nil, v, 9)
	want := "✗ countdown failed: 2 of 5 checks fail, 2 more wait until those pass\n" +
		"    is pending: poll #1 returned Ready\n" +
		"    counts down: poll #2 returned Ready\n"
	if b.String() != want {
		t.Errorf("Line =\n%s\nwant\n%s", b.String(), want)
	}

	// Many failures: the first few, and how many more.
	for i := range 4 {
		v.Checks = append(v.Checks, check(fmt.Sprintf("more %d", i), checker.CheckFail, "wrong"))
	}
	b.Reset()
	Line(&b, nil, v, 9)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 1+maxReasons || lines[len(lines)-1] != "    ... and 3 more" {
		t.Errorf("6 failed checks gave:\n%s", b.String())
	}

	// No check failed (the program stopped before they ran): what did not
	// run is the reason.
	v.Checks = []checker.Check{{Title: "is pending", Status: checker.CheckNotRun}}
	b.Reset()
	Line(&b, nil, v, 9)
	if !strings.Contains(b.String(), "    is pending\n") {
		t.Errorf("with no failed check, Line gave no reason:\n%s", b.String())
	}
}

func TestLineLinksCompilerPositions(t *testing.T) {
	color.NoColor = true
	defer func(h bool) { Hyperlinks = h }(Hyperlinks)
	Hyperlinks = true
	ws := &checker.Workspace{Root: t.TempDir()}
	ex := &course.Exercise{Name: "ready", Dir: "exercises/1_futures/ready"}
	v := &checker.Verdict{Exercise: ex, Dir: ex.Dir, Status: checker.CompileError, Summary: "it does not compile",
		Compiler: []string{"exercises/1_futures/ready/ready.go:67:9: cannot use 1"}}
	var b strings.Builder
	Line(&b, ws, v, 5)
	if !strings.Contains(b.String(), "\x1b]8;;file://") || !strings.Contains(b.String(), "ready.go:67:9\x1b]8;;\x1b\\: cannot use 1") {
		t.Errorf("the compiler's position is not a link:\n%q", b.String())
	}
	if strings.Contains(b.String(), "compile: it does not compile") {
		t.Errorf("Line says twice that it does not compile:\n%q", b.String())
	}
}

func TestVerdictLinksPositionsInAFailedCheck(t *testing.T) {
	color.NoColor = true
	defer func(h bool) { Hyperlinks = h }(Hyperlinks)
	Hyperlinks = true
	ws := &checker.Workspace{Root: t.TempDir()}
	var b strings.Builder
	printCheck(&b, ws, checker.Check{Title: "is hand written", Status: checker.CheckFail,
		Message: []string{"exercises/1_futures/countdown/countdown.go:12: calls core.Async"}}, 12)
	if !strings.Contains(b.String(), "\x1b]8;;file://") || !strings.Contains(b.String(), "countdown.go:12\x1b]8;;\x1b\\: calls core.Async") {
		t.Errorf("the position in a failed check's message is not a link:\n%q", b.String())
	}
}
