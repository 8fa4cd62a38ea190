package addslowly_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
)

// flMaxPolls bounds every run: a correct AddSlowly needs three polls.
const flMaxPolls = 6

var flInputs = []struct{ a, b uint32 }{
	{3, 4}, {0, 0}, {1, 2}, {40, 2}, {7, 0}, {0, 9}, {2, 1},
	{100, 250}, {12345, 67890}, {65535, 65537}, {1 << 20, 3},
	{math.MaxUint32, 1}, {math.MaxUint32, math.MaxUint32}, {1 << 31, 1 << 31},
	{4_000_000_000, 500_000_000}, {math.MaxUint32 - 5, 5},
}

// flRun polls a new AddSlowly until it is Ready, panics, or has been polled
// max times, and returns the recorder holding every step.
func flRun(a, b uint32, max int) *core.Recorder[uint32] {
	r := core.NewRecorder[uint32](addslowly.NewAddSlowly(a, b))
	for i := 0; i < max; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r
}

func flTrace(r *core.Recorder[uint32]) string {
	var b strings.Builder
	b.WriteString("\npoll by poll:")
	for _, line := range strings.Split(strings.TrimRight(r.Trace(), "\n"), "\n") {
		b.WriteString("\n    " + line)
	}
	return b.String()
}

func flLast(r *core.Recorder[uint32]) core.Step[uint32] {
	steps := r.Steps()
	return steps[len(steps)-1]
}

func flWrapNote(a, b uint32) string {
	if uint64(a)+uint64(b) > math.MaxUint32 {
		return " (uint32 addition wraps around past 4294967295)"
	}
	return ""
}

func TestReturnsTheSumForManyInputs(t *testing.T) {
	wrong := 0
	for _, in := range flInputs {
		want := in.a + in.b
		r := flRun(in.a, in.b, flMaxPolls)
		last := flLast(r)
		trace := "" // the first wrong input shows its trace; the others would repeat it
		if wrong == 0 {
			trace = flTrace(r)
		}
		switch {
		case last.Panicked:
			t.Errorf("NewAddSlowly(%d, %d): poll #%d panicked: %v%s", in.a, in.b, last.N, last.Panic, trace)
		case last.Result.IsPending():
			t.Errorf("NewAddSlowly(%d, %d) was still Pending after %d polls; it should return Ready(%d) on poll #3%s",
				in.a, in.b, last.N, want, trace)
		case last.Result.Unwrap() != want:
			t.Errorf("NewAddSlowly(%d, %d) returned %v; want Ready(%d)%s",
				in.a, in.b, last.Result, want, flWrapNote(in.a, in.b))
		default:
			continue
		}
		if wrong++; wrong == 3 {
			t.Errorf("(stopped after three wrong inputs)")
			return
		}
	}
}

func TestPendingPendingReadyInThreePolls(t *testing.T) {
	why := []string{
		"the first poll creates the YieldOnce for a and polls it, and a YieldOnce is always Pending on its first poll",
		"the YieldOnce for a is Ready now, so AddSlowly creates the YieldOnce for b and polls it, and that one is Pending",
		"the YieldOnce for b is Ready on its second poll, so the sum is known",
	}
	for _, in := range flInputs[:4] {
		want := in.a + in.b
		r := flRun(in.a, in.b, flMaxPolls)
		for i, s := range r.Steps() {
			wantRes := "Pending"
			if i == 2 {
				wantRes = fmt.Sprintf("Ready(%d)", want)
			}
			switch {
			case i >= 3:
				t.Fatalf("NewAddSlowly(%d, %d) needed more than three polls; want Pending, Pending, Ready(%d)%s",
					in.a, in.b, want, flTrace(r))
			case s.Panicked:
				t.Fatalf("NewAddSlowly(%d, %d): poll #%d panicked: %v; want %s%s", in.a, in.b, s.N, s.Panic, wantRes, flTrace(r))
			case i < 2 && s.Result.IsReady():
				t.Fatalf("NewAddSlowly(%d, %d): poll #%d returned %v; want Pending: %s%s",
					in.a, in.b, s.N, s.Result, why[i], flTrace(r))
			case i == 2 && s.Result.IsPending():
				t.Fatalf("NewAddSlowly(%d, %d): poll #3 returned Pending; want Ready(%d): %s%s",
					in.a, in.b, want, why[i], flTrace(r))
			}
		}
		if n := len(r.Steps()); n < 3 {
			t.Fatalf("NewAddSlowly(%d, %d) finished after %d poll(s); want Pending, Pending, Ready(%d), one poll per .await plus the last%s",
				in.a, in.b, n, want, flTrace(r))
		}
	}
}

func TestStatesGoStartYieldingAYieldingBDone(t *testing.T) {
	want := []struct{ before, after, why string }{
		{"Start", "YieldingA", "the first poll leaves Start for YieldingA, which holds b and the YieldOnce of a"},
		{"YieldingA", "YieldingB", "the second poll gets x from the YieldOnce of a and moves to YieldingB, which holds x and the YieldOnce of b"},
		{"YieldingB", "Done", "the third poll gets y from the YieldOnce of b, moves to Done and returns x + y"},
	}
	r := flRun(3, 4, flMaxPolls)
	steps := r.Steps()
	if steps[0].Before == "" && steps[0].After == "" {
		t.Fatalf("AddSlowly has no String method, so its states cannot be seen; keep the given String, naming the states Start, YieldingA, YieldingB and Done")
	}
	for i, w := range want {
		if i >= len(steps) {
			t.Fatalf("NewAddSlowly(3, 4) stopped after %d poll(s), so it never went %s → %s; want three polls going Start → YieldingA → YieldingB → Done%s",
				len(steps), w.before, w.after, flTrace(r))
		}
		s := steps[i]
		if s.Before != w.before || s.After != w.after {
			t.Fatalf("poll #%d went %s → %s; want %s → %s: %s%s",
				s.N, s.Before, s.After, w.before, w.after, w.why, flTrace(r))
		}
	}
}

func TestEachPendingWakesTheWakerOnce(t *testing.T) {
	r := flRun(3, 4, flMaxPolls)
	for _, s := range r.Steps() {
		if s.Panicked || s.Result.IsReady() {
			break
		}
		switch {
		case s.Wakes == 0:
			t.Fatalf("poll #%d returned Pending without waking the waker, so an executor would never poll again. "+
				"Poll the sub-future with the cx you were given and return its Pending: the YieldOnce has already woken the waker%s",
				s.N, flTrace(r))
		case s.Wakes > 1:
			t.Fatalf("poll #%d woke the waker %d times; want once: the YieldOnce wakes it itself, so AddSlowly has nothing to add%s",
				s.N, s.Wakes, flTrace(r))
		}
	}
	if r.LateWakes > 0 {
		t.Fatalf("the waker was called %d time(s) between polls; every wake should happen during the poll that returns Pending%s",
			r.LateWakes, flTrace(r))
	}
}

func TestReadyDoesNotWake(t *testing.T) {
	r := flRun(3, 4, flMaxPolls)
	last := flLast(r)
	if !last.Result.IsReady() {
		t.Fatalf("NewAddSlowly(3, 4) never returned Ready within %d polls, so its last poll could not be checked%s",
			flMaxPolls, flTrace(r))
	}
	if last.Wakes > 0 {
		t.Fatalf("poll #%d returned %v and also woke the waker %d time(s); a finished future must not ask to be polled again%s",
			last.N, last.Result, last.Wakes, flTrace(r))
	}
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	r := flRun(3, 4, flMaxPolls)
	if last := flLast(r); !last.Result.IsReady() {
		t.Fatalf("NewAddSlowly(3, 4) never returned Ready within %d polls, so polling it after completion could not be tried%s",
			flMaxPolls, flTrace(r))
	}
	s := r.Step()
	switch {
	case !s.Panicked:
		t.Fatalf("poll #%d, after Ready, returned %v; want a panic saying it was polled after completion "+
			"(Done is the state that catches it)%s", s.N, s.Result, flTrace(r))
	case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
		t.Fatalf("poll #%d, after Ready, panicked with %q; want AddSlowly's own panic, with a message saying it was polled after completion "+
			"(is it in Done once it has returned Ready?)%s", s.N, fmt.Sprint(s.Panic), flTrace(r))
	}
}

func TestRunsToTheSumUnderPollToCompletion(t *testing.T) {
	for _, in := range []struct{ a, b uint32 }{{3, 4}, {math.MaxUint32, 2}, {1000, 24}} {
		got, err, panicked := flPollToCompletion(in.a, in.b)
		if panicked != nil {
			t.Fatalf("PollToCompletion(NewAddSlowly(%d, %d)) panicked: %v", in.a, in.b, panicked)
		}
		if err != nil {
			t.Fatalf("PollToCompletion(NewAddSlowly(%d, %d)) failed: %v", in.a, in.b, err)
		}
		if want := in.a + in.b; got != want {
			t.Fatalf("PollToCompletion(NewAddSlowly(%d, %d)) returned %d; want %d%s", in.a, in.b, got, want, flWrapNote(in.a, in.b))
		}
	}
}

func flPollToCompletion(a, b uint32) (v uint32, err error, panicked any) {
	defer func() { panicked = recover() }()
	v, err = core.PollToCompletionWith[uint32](addslowly.NewAddSlowly(a, b),
		core.Options{MaxPolls: flMaxPolls, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("add_slowly"); problem != "" {
		t.Fatal(problem)
	}
}
