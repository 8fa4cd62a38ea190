package countdown_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	countdown "github.com/futurelings/futurelings/exercises/1_futures/countdown"
)

// flCounts are the lengths of countdown the checks try, shortest first so
// that the first message is about the simplest case.
var flCounts = []int{1, 2, 5, 17}

// flRun is one countdown polled to its end (or a little past where it
// should have ended).
type flRun struct {
	n     int
	rec   *core.Recorder[string]
	steps []core.Step[string]
	built string // a problem with NewCountdown itself, or ""
}

// flNew calls NewCountdown and turns a panic or a nil result into a message.
func flNew(n int) (c *countdown.Countdown, problem string) {
	defer func() {
		if p := recover(); p != nil {
			c, problem = nil, fmt.Sprintf("NewCountdown(%d) panicked: %v", n, p)
		}
	}()
	c = countdown.NewCountdown(n)
	if c == nil {
		return nil, fmt.Sprintf("NewCountdown(%d) returned nil: it must return a *Countdown that can be polled", n)
	}
	return c, ""
}

// flCountdown makes NewCountdown(n) and polls it until it is Ready, panics,
// or has had n+3 polls.
func flCountdown(n int) (r flRun) {
	r.n = n
	c, problem := flNew(n)
	if problem != "" {
		r.built = problem
		return r
	}
	r.rec = core.NewRecorder[string](c)
	for i := 0; i < n+3; i++ {
		s := r.rec.Step()
		r.steps = append(r.steps, s)
		if s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r
}

// trace is the run's poll-by-poll trace, indented below a message.
func (r flRun) trace() string {
	tr := strings.TrimRight(r.rec.Trace(), "\n")
	key := fmt.Sprintf("%d\n%s", r.n, tr)
	if flShownTraces[key] {
		return "\n    (the same polls as shown above)"
	}
	flShownTraces[key] = true
	return "\n    " + strings.ReplaceAll(tr, "\n", "\n    ")
}

// flShownTraces are the traces a failing check has shown already: a later
// check that fails on the same polls says so instead of repeating them.
var flShownTraces = map[string]bool{}

// flPendings says "1 Pending" or "n Pendings".
func flPendings(n int) string {
	if n == 1 {
		return "1 Pending"
	}
	return fmt.Sprintf("%d Pendings", n)
}

// flTimes says "once" or "n times".
func flTimes(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// flPolls says "1 poll" or "n polls".
func flPolls(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

// flWhyNoProgress guesses why a countdown does not get to Ready.
func flWhyNoProgress() string {
	if _, ok := reflect.TypeFor[countdown.Countdown]().MethodByName("Poll"); ok {
		return "Poll has a value receiver, func (c Countdown) Poll, so it counts down a copy and the next poll " +
			"starts from the same count; give it a pointer receiver, func (c *Countdown) Poll"
	}
	return "does each Pending poll count one down, in a field the next poll sees?"
}

// pendingProblem checks that the run is exactly n Pendings and then a
// Ready, and says what is wrong, or "".
func (r flRun) pendingProblem() string {
	if r.built != "" {
		return r.built
	}
	head := fmt.Sprintf("NewCountdown(%d): ", r.n)
	for _, s := range r.steps {
		switch {
		case s.Panicked:
			return fmt.Sprintf("%spoll #%d panicked: %v%s", head, s.N, s.PanicText(), r.trace())
		case s.Result.IsReady() && s.N == 1 && r.n > 0:
			return fmt.Sprintf("%spoll #1 returned %v, want Pending: a Countdown from %d is Pending %s, "+
				"then Ready%s", head, s.Result, r.n, flTimes(r.n), r.trace())
		case s.Result.IsReady() && s.N <= r.n:
			return fmt.Sprintf("%spoll #%d returned %v after only %s; a Countdown from %d is Pending %s, "+
				"then Ready%s", head, s.N, s.Result, flPendings(s.N-1), r.n, flTimes(r.n), r.trace())
		case s.Result.IsPending() && r.n == 0:
			return fmt.Sprintf("%spoll #1 returned Pending: a Countdown from 0 has nothing to count down, "+
				"so it must be Ready at once%s", head, r.trace())
		case s.Result.IsPending() && s.N > r.n:
			return fmt.Sprintf("%spoll #%d returned Pending, but after %s a Countdown from %d must be Ready "+
				"(%s)%s", head, s.N, flPendings(r.n), r.n, flWhyNoProgress(), r.trace())
		}
	}
	return ""
}

// wakeProblem checks that every Pending woke the waker exactly once during
// its poll, and says what is wrong, or "".
func (r flRun) wakeProblem() string {
	for _, s := range r.steps {
		if s.Result.IsReady() || s.Panicked {
			continue
		}
		switch {
		case s.Wakes == 0 && (r.rec.LateWakes > 0 || r.rec.WaitForLateWake(100*time.Millisecond)):
			return fmt.Sprintf("NewCountdown(%d): poll #%d returned Pending without waking the waker during the poll; "+
				"the waker was called only afterwards, from elsewhere (another goroutine or a timer). An executor would "+
				"poll again then, so the wake is not lost, but a Countdown has nothing to wait for: call "+
				"cx.Waker().Wake() in Poll itself, before returning Pending%s", r.n, s.N, r.trace())
		case s.Wakes == 0:
			return fmt.Sprintf("NewCountdown(%d): poll #%d returned Pending without waking the waker: nobody would "+
				"ever poll this future again (call cx.Waker().Wake() during the poll, before returning Pending)%s",
				r.n, s.N, r.trace())
		case s.Wakes > 1:
			return fmt.Sprintf("NewCountdown(%d): poll #%d woke the waker %d×: one Pending asks for one more "+
				"poll, so it wakes once%s", r.n, s.N, s.Wakes, r.trace())
		}
	}
	return ""
}

// readyProblem checks the final Ready poll: the value Liftoff, no wake.
func (r flRun) readyProblem() string {
	s := r.steps[len(r.steps)-1]
	if got, _ := s.Result.Value(); got != countdown.Liftoff {
		return fmt.Sprintf("NewCountdown(%d): poll #%d returned %v, want %v: a Countdown is Ready with Liftoff%s",
			r.n, s.N, s.Result, core.Ready(countdown.Liftoff), r.trace())
	}
	if s.Wakes > 0 {
		return fmt.Sprintf("NewCountdown(%d): poll #%d returned %v but also woke the waker %d×: a future that is "+
			"Ready is finished and must not ask to be polled again%s", r.n, s.N, s.Result, s.Wakes, r.trace())
	}
	return ""
}

// flAllCounts runs every countdown length, 0 included.
func flAllCounts() []flRun {
	var runs []flRun
	for _, n := range append([]int{0}, flCounts...) {
		runs = append(runs, flCountdown(n))
	}
	return runs
}

// flPendingsRight reports whether every length gives the right number of
// Pendings; the checks of wakes and of the Ready poll wait for it.
func flPendingsRight() bool {
	for _, r := range flAllCounts() {
		if r.pendingProblem() != "" {
			return false
		}
	}
	return true
}

func TestZeroIsReadyAtOnce(t *testing.T) {
	r := flCountdown(0)
	if p := r.pendingProblem(); p != "" {
		t.Fatal(p)
	}
	if p := r.readyProblem(); p != "" {
		t.Fatal(p)
	}
}

func TestPendingExactlyNTimes(t *testing.T) {
	for _, n := range flCounts {
		if p := flCountdown(n).pendingProblem(); p != "" {
			t.Fatal(p)
		}
	}
	// A long countdown too, whose count does not fit in a byte.
	const long = 300
	c, problem := flNew(long)
	if problem != "" {
		t.Fatal(problem)
	}
	r := core.NewRecorder[string](c)
	for i := 1; i <= long+3; i++ {
		s := r.Step()
		switch {
		case s.Panicked:
			t.Fatalf("NewCountdown(%d): poll #%d panicked: %v", long, s.N, s.PanicText())
		case s.Result.IsReady() && s.N <= long:
			t.Fatalf("NewCountdown(%d): poll #%d returned %v after only %s; a Countdown from %d is Pending %d times, "+
				"then Ready (is the count kept in a type too small for it?)", long, s.N, s.Result, flPendings(s.N-1), long, long)
		case s.Result.IsReady():
			return
		}
	}
	t.Fatalf("NewCountdown(%d) was still Pending after %s", long, flPolls(long+3))
}

func TestWakesOncePerPending(t *testing.T) {
	if !flPendingsRight() {
		t.Skip("not checked yet: the countdown must first be Pending the right number of times")
	}
	for _, n := range flCounts {
		if p := flCountdown(n).wakeProblem(); p != "" {
			t.Fatal(p)
		}
	}
}

func TestReadyWithLiftoffAfterTheLastPending(t *testing.T) {
	if !flPendingsRight() {
		t.Skip("not checked yet: the countdown must first be Pending the right number of times")
	}
	for _, n := range flCounts {
		if p := flCountdown(n).readyProblem(); p != "" {
			t.Fatal(p)
		}
	}
}

func TestCountdownsKeepTheirOwnCount(t *testing.T) {
	for _, r := range flAllCounts() {
		if r.pendingProblem() != "" || r.wakeProblem() != "" || r.readyProblem() != "" {
			t.Skip("not checked yet: a single countdown must work first")
		}
	}
	ca, _ := flNew(2) // made fine above
	cb, _ := flNew(3)
	a, b := core.NewRecorder[string](ca), core.NewRecorder[string](cb)
	// Poll two countdowns in turns, as an executor running two tasks would.
	pending, ready := core.Pending[string](), core.Ready(countdown.Liftoff)
	order := []struct {
		r    *core.Recorder[string]
		name string
		want core.Poll[string]
	}{
		{a, "a", pending}, {b, "b", pending},
		{a, "a", pending}, {b, "b", pending},
		{a, "a", ready}, {b, "b", pending},
		{b, "b", ready},
	}
	for _, o := range order {
		s := o.r.Step()
		if s.Panicked {
			t.Fatalf("with a := NewCountdown(2) and b := NewCountdown(3) polled in turns, poll #%d of %s panicked: %v",
				s.N, o.name, s.PanicText())
		}
		if s.Result != o.want {
			t.Fatalf("with a := NewCountdown(2) and b := NewCountdown(3) polled in turns, poll #%d of %s returned "+
				"%v, want %v: each Countdown must keep its own count in its own field, not in a package-level "+
				"variable", s.N, o.name, s.Result, o.want)
		}
	}
	if p := flGlobalStateProblem("countdown", "Keep the count in a field of the Countdown that NewCountdown returns."); p != "" {
		t.Fatal(p)
	}
	if p := flCountInFieldsProblem(); p != "" {
		t.Fatal(p)
	}
}

func TestPollToCompletionTakesNPlusOnePolls(t *testing.T) {
	for _, n := range append([]int{0}, flCounts...) {
		c, problem := flNew(n)
		if problem != "" {
			t.Fatal(problem)
		}
		polls := 0
		counted := core.FutureFunc[string](func(cx *core.Context) core.Poll[string] {
			polls++
			return c.Poll(cx)
		})
		got, err, panicked := flExecute(counted)
		head := fmt.Sprintf("NewCountdown(%d) run by core.PollToCompletion", n)
		switch {
		case panicked != nil:
			t.Fatalf("%s: poll #%d panicked: %v", head, polls, panicked)
		case err != nil:
			t.Fatalf("%s: %v", head, err)
		case polls != n+1:
			t.Fatalf("%s finished after %s; a Countdown from %d takes %s (%s, then Ready)",
				head, flPolls(polls), n, flPolls(n+1), flPendings(n))
		case got != countdown.Liftoff:
			t.Fatalf("%s returned %q, want %q", head, got, countdown.Liftoff)
		}
	}
}

// flExecute runs f with core's executor and tight limits, and recovers a
// panic from the future.
func flExecute(f core.Future[string]) (v string, err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	v, err = core.PollToCompletionWith(f, core.Options{MaxPolls: 40, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("countdown"); problem != "" {
		t.Fatal(problem)
	}
}

// flInts collects every integer reachable from v through pointers,
// interfaces, structs, arrays, slices and maps, and the length of each of
// those: what the future's fields show. What a func value (a closure) holds
// is out of sight.
func flInts(v reflect.Value, seen map[uintptr]bool, out *[]int64) {
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		*out = append(*out, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		*out = append(*out, int64(v.Uint()))
	case reflect.Bool:
		if v.Bool() {
			*out = append(*out, 1)
		} else {
			*out = append(*out, 0)
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		flInts(v.Elem(), seen, out)
	case reflect.Interface:
		if !v.IsNil() {
			flInts(v.Elem(), seen, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			flInts(v.Field(i), seen, out)
		}
	case reflect.Array, reflect.Slice:
		*out = append(*out, int64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			flInts(v.Index(i), seen, out)
		}
	case reflect.Map, reflect.Chan, reflect.String:
		*out = append(*out, int64(v.Len()))
		if v.Kind() == reflect.Map {
			for _, k := range v.MapKeys() {
				flInts(k, seen, out)
				flInts(v.MapIndex(k), seen, out)
			}
		}
	}
}

// flCountInFieldsProblem polls a Countdown from 5 three times and says
// whether its fields changed at all: the count it keeps must be in them.
func flCountInFieldsProblem() string {
	c, problem := flNew(5)
	if problem != "" {
		return problem
	}
	snap := func() string {
		var ints []int64
		flInts(reflect.ValueOf(c), map[uintptr]bool{}, &ints)
		return fmt.Sprint(ints)
	}
	r := core.NewRecorder[string](c)
	first := snap()
	for i := 0; i < 3; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			return "" // the other checks say what is wrong
		}
		if snap() != first {
			return ""
		}
	}
	return "NewCountdown(5) was polled three times, Pending each time, yet nothing in the fields of the Countdown " +
		"changed: no field counts the polls, down or up. So the count lives somewhere the Countdown's fields do not " +
		"show, inside a func value (a closure), a channel's buffer or another goroutine. The point of the exercise is " +
		"that a future remembers where it is in its own fields, from one poll to the next: keep the count in an int field"
}
