package core_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/core"
)

// move is one scripted poll: the state to move to, how many wakes to make,
// and what to return (or panic with).
type move struct {
	to    string
	wakes int
	ready bool
	value int
	panic any
}

// scripted is a future that follows a script, one move per poll, and names
// its state through String. It keeps the last waker it saw.
type scripted struct {
	state  string
	script []move
	polls  int
	waker  core.Waker
}

func (s *scripted) String() string { return s.state }

func (s *scripted) Poll(cx *core.Context) core.Poll[int] {
	m := s.script[s.polls]
	s.polls++
	s.state, s.waker = m.to, cx.Waker()
	for range m.wakes {
		cx.Waker().Wake()
	}
	if m.panic != nil {
		panic(m.panic) // a scripted panic
	}
	if m.ready {
		return core.Ready(m.value)
	}
	return core.Pending[int]()
}

// unnamed hides the String method of the future it wraps.
type unnamed struct{ f core.Future[int] }

func (u unnamed) Poll(cx *core.Context) core.Poll[int] { return u.f.Poll(cx) }

// badName is a future whose String method panics.
type badName struct{ scripted }

func (*badName) String() string { panic("no name") }

func addSlowlyScript(a, b int) *scripted {
	return &scripted{state: "Start", script: []move{
		{to: "YieldingA", wakes: 1},
		{to: "YieldingB", wakes: 1},
		{to: "Done", ready: true, value: a + b},
	}}
}

func TestRecorderRecordsEachStep(t *testing.T) {
	r := core.NewRecorder[int](addSlowlyScript(1, 2))
	if len(r.Steps()) != 0 {
		t.Fatalf("a new Recorder has %d steps, want 0: nothing is polled until Step or Run", len(r.Steps()))
	}
	want := []core.Step[int]{
		{N: 1, Result: core.Pending[int](), Wakes: 1, Before: "Start", After: "YieldingA"},
		{N: 2, Result: core.Pending[int](), Wakes: 1, Before: "YieldingA", After: "YieldingB"},
		{N: 3, Result: core.Ready(3), Wakes: 0, Before: "YieldingB", After: "Done"},
	}
	for i, w := range want {
		got := r.Step()
		if got != w {
			t.Errorf("step %d: got %+v, want %+v", i+1, got, w)
		}
		if last := r.Steps()[len(r.Steps())-1]; last != got {
			t.Errorf("step %d: Step returned %+v but recorded %+v", i+1, got, last)
		}
	}
	if got := len(r.Steps()); got != 3 {
		t.Errorf("Steps() has %d steps, want 3", got)
	}
	if got := r.Wakes(); got != 2 {
		t.Errorf("Wakes() = %d, want 2", got)
	}
}

func TestRecorderWithoutStateNames(t *testing.T) {
	r := core.NewRecorder[int](unnamed{addSlowlyScript(2, 2)})
	r.Run(10)
	for _, s := range r.Steps() {
		if s.Before != "" || s.After != "" {
			t.Errorf("poll #%d: Before %q After %q, want both empty for a future without String", s.N, s.Before, s.After)
		}
	}
	want := "poll #1: Pending, woke 1×\npoll #2: Pending, woke 1×\npoll #3: Ready(4)\n"
	if got := r.Trace(); got != want {
		t.Errorf("Trace():\n%s\nwant:\n%s", got, want)
	}

	// A String method that panics gives "?" rather than a failed step.
	b := &badName{scripted{script: []move{{to: "x", ready: true, value: 1}}}}
	s := core.NewRecorder[int](b).Step()
	if s.Before != "?" || s.After != "?" || s.Panicked || s.Result.String() != "Ready(1)" {
		t.Errorf("with a panicking String: got %+v, want Before and After \"?\" and Ready(1)", s)
	}
}

func TestRecorderCountsWakesPerStep(t *testing.T) {
	f := &scripted{state: "A", script: []move{
		{to: "A", wakes: 0},
		{to: "B", wakes: 1},
		{to: "B", wakes: 3},
		{to: "C", wakes: 2, ready: true, value: 9},
	}}
	r := core.NewRecorder[int](f)
	for i, want := range []int{0, 1, 3, 2} {
		if got := r.Step().Wakes; got != want {
			t.Errorf("poll #%d: Wakes = %d, want %d", i+1, got, want)
		}
	}
	if r.LateWakes != 0 {
		t.Errorf("LateWakes = %d, want 0: every wake happened during a poll", r.LateWakes)
	}
}

func TestRecorderCountsLateWakesApart(t *testing.T) {
	f := &scripted{state: "Waiting", script: []move{
		{to: "Waiting"},
		{to: "Waiting", wakes: 1},
		{to: "Done", ready: true, value: 1},
	}}
	r := core.NewRecorder[int](f)
	r.Step()
	// The future kept its waker; wake it twice between polls, as a timer
	// or another goroutine would.
	f.waker.Wake()
	f.waker.Wake()
	if s := r.Step(); s.Wakes != 1 {
		t.Errorf("poll #2: Wakes = %d, want 1: the two wakes before it were not made by this poll", s.Wakes)
	}
	if r.LateWakes != 2 {
		t.Errorf("LateWakes = %d, want 2", r.LateWakes)
	}
	f.waker.Wake()
	r.Step()
	if r.LateWakes != 3 {
		t.Errorf("LateWakes = %d, want 3", r.LateWakes)
	}
	if got := r.Wakes(); got != 4 {
		t.Errorf("Wakes() = %d, want 4 (late ones included)", got)
	}
}

func TestRecorderRecoversPanics(t *testing.T) {
	boom := errors.New("boom")
	f := &scripted{state: "Idle", script: []move{
		{to: "Idle", wakes: 1},
		{to: "Broken", wakes: 1, panic: boom},
	}}
	r := core.NewRecorder[int](f)
	steps := r.Run(10)
	if len(steps) != 2 {
		t.Fatalf("Run made %d polls, want 2 (it stops at the panic)\n%s", len(steps), r.Trace())
	}
	s := steps[1]
	if !s.Panicked || s.Panic != boom {
		t.Errorf("poll #2: Panicked %v, Panic %v; want true, %v", s.Panicked, s.Panic, boom)
	}
	if !s.Result.IsPending() || s.Before != "Idle" || s.After != "Broken" || s.Wakes != 1 {
		t.Errorf("poll #2: got %+v, want Pending from Idle to Broken with 1 wake", s)
	}
}

// nilPoll is a future whose Poll dereferences a nil pointer on the line
// marked, through a helper of its own.
type nilPoll struct{ p *int }

func (f *nilPoll) Poll(cx *core.Context) core.Poll[int] { return core.Ready(f.read()) }

func (f *nilPoll) read() int {
	return *f.p // the panic's site
}

// lineOf returns "recorder_test.go:N" for the line of this file that ends
// with the comment given.
func lineOf(t *testing.T, comment string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(l, comment) && !strings.Contains(l, "lineOf") {
			return fmt.Sprintf("recorder_test.go:%d", i+1)
		}
	}
	t.Fatalf("no line ends with %q", comment)
	return ""
}

func scriptedPanicSite(t *testing.T) string { return lineOf(t, "// a scripted panic") }

func TestRecorderSaysWhereAPollPanicked(t *testing.T) {
	for _, tc := range []struct {
		name string
		fut  core.Future[int]
		want string
	}{
		{"a runtime error in a helper", &nilPoll{}, lineOf(t, "// the panic's site")},
		{"a panic of the future's own", core.FutureFunc[int](func(*core.Context) core.Poll[int] { panic("polled after completion") }), "recorder_test.go:"},
	} {
		s := core.NewRecorder(tc.fut).Step()
		if !s.Panicked || !strings.HasPrefix(s.PanicAt, tc.want) {
			t.Errorf("%s: PanicAt %q, want %q", tc.name, s.PanicAt, tc.want)
		}
		if txt := s.PanicText(); !strings.HasSuffix(txt, "(at "+s.PanicAt+")") {
			t.Errorf("%s: PanicText %q does not end with where it panicked", tc.name, txt)
		}
		if !strings.Contains(s.String(), "panicked: "+s.PanicText()) {
			t.Errorf("%s: the step reads %q, without where it panicked", tc.name, s.String())
		}
	}
}

func TestRecorderRunStops(t *testing.T) {
	forever := func() *scripted {
		f := &scripted{state: "Spinning"}
		for range 20 {
			f.script = append(f.script, move{to: "Spinning", wakes: 1})
		}
		return f
	}
	tests := []struct {
		name      string
		fut       *scripted
		max       int
		wantSteps int
		why       string
	}{
		{"at Ready", addSlowlyScript(1, 1), 10, 3, "Ready(2)"},
		{"at a Pending without a wake", &scripted{state: "A", script: []move{{to: "B", wakes: 1}, {to: "C"}}}, 10, 2, "Pending, no wake"},
		{"at a panic", &scripted{state: "A", script: []move{{to: "B", panic: "oops"}}}, 10, 1, "panicked: oops (at " + scriptedPanicSite(t) + ")"},
		{"after max polls", forever(), 4, 4, "Pending, woke 1×"},
		{"at once with max 0", forever(), 0, 0, ""},
	}
	for _, tt := range tests {
		r := core.NewRecorder[int](tt.fut)
		steps := r.Run(tt.max)
		if len(steps) != tt.wantSteps {
			t.Errorf("Run stopping %s: %d steps, want %d\n%s", tt.name, len(steps), tt.wantSteps, r.Trace())
			continue
		}
		if tt.wantSteps == 0 {
			continue
		}
		last := steps[len(steps)-1].String()
		if !strings.HasPrefix(last, fmt.Sprintf("poll #%d: ", tt.wantSteps)) || !strings.HasSuffix(last, tt.why) {
			t.Errorf("Run stopping %s: last step %q, want it to end with %q", tt.name, last, tt.why)
		}
	}

	// Run again continues where the last one stopped and returns only the
	// new steps.
	r := core.NewRecorder[int](forever())
	r.Run(2)
	more := r.Run(3)
	if len(more) != 3 || more[0].N != 3 || more[2].N != 5 {
		t.Errorf("second Run returned %d steps numbered %v, want 3 numbered 3..5", len(more), more)
	}
	if got := len(r.Steps()); got != 5 {
		t.Errorf("Steps() has %d after Run(2) and Run(3), want 5", got)
	}
}

func TestRecorderTrace(t *testing.T) {
	f := &scripted{state: "Idle", script: []move{
		{to: "Idle"},
		{to: "HasCoin", wakes: 1},
		{to: "Dispensing", wakes: 2},
		{to: "Dispensing", wakes: 1, panic: "jammed"},
	}}
	r := core.NewRecorder[int](f)
	for range 4 {
		r.Step()
	}
	want := `poll #1: Idle, Pending, no wake
poll #2: Idle → HasCoin, Pending, woke 1×
poll #3: HasCoin → Dispensing, Pending, woke 2×
poll #4: Dispensing, panicked: jammed (at ` + scriptedPanicSite(t) + `), woke 1×
`
	if got := r.Trace(); got != want {
		t.Errorf("Trace():\n%s\nwant:\n%s", got, want)
	}

	r2 := core.NewRecorder[int](addSlowlyScript(40, 2))
	r2.Run(10)
	want2 := `poll #1: Start → YieldingA, Pending, woke 1×
poll #2: YieldingA → YieldingB, Pending, woke 1×
poll #3: YieldingB → Done, Ready(42)
`
	if got := r2.Trace(); got != want2 {
		t.Errorf("Trace():\n%s\nwant:\n%s", got, want2)
	}

	if got := core.NewRecorder[int](addSlowlyScript(1, 1)).Trace(); got != "" {
		t.Errorf("Trace() before any poll = %q, want empty", got)
	}
}

func TestRecorderOfAnAsyncFuture(t *testing.T) {
	r := core.NewRecorder(core.Async(func(aw *core.Awaiter) string {
		return core.Await(aw, newYieldOnce("a")) + core.Await(aw, newYieldOnce("b"))
	}))
	r.Run(10)
	want := "poll #1: Pending, woke 1×\npoll #2: Pending, woke 1×\npoll #3: Ready(\"ab\")\n"
	if got := r.Trace(); got != want {
		t.Errorf("Trace():\n%s\nwant:\n%s", got, want)
	}
}
