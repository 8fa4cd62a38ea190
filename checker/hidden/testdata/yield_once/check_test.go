package yieldonce_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// flInts are the values most checks use. 7 comes first so that a future
// that hands back the zero value is caught at once.
var flInts = []int{7, -12, 1 << 30, 0}

// flPayload is a struct type to check that YieldOnce works for any T.
type flPayload struct {
	Name string
	N    int
}

// flNew calls NewYieldOnce and turns a panic or a nil result into a message.
func flNew[T any](v T) (y *yieldonce.YieldOnce[T], problem string) {
	defer func() {
		if p := recover(); p != nil {
			y, problem = nil, fmt.Sprintf("NewYieldOnce(%s) panicked: %v", flShow(v), p)
		}
	}()
	y = yieldonce.NewYieldOnce(v)
	if y == nil {
		return nil, fmt.Sprintf("NewYieldOnce(%s) returned nil: it must return a *YieldOnce that can be polled", flShow(v))
	}
	return y, ""
}

// flShow formats a value the way core's traces do, e.g. 7 or "hello".
func flShow[T any](v T) string {
	s := core.Ready(v).String()
	return strings.TrimSuffix(strings.TrimPrefix(s, "Ready("), ")")
}

// flTrace indents a recorder's trace below a message.
func flTrace[T any](r *core.Recorder[T]) string {
	tr := strings.TrimRight(r.Trace(), "\n")
	if tr == "" {
		return ""
	}
	if flShownTraces[tr] {
		return "\n    (the same polls as shown above)"
	}
	flShownTraces[tr] = true
	return "\n    " + strings.ReplaceAll(tr, "\n", "\n    ")
}

// flShownTraces are the traces a failing check has shown already: a later
// check that fails on the same polls says so instead of repeating them.
var flShownTraces = map[string]bool{}

// flPoll polls a new YieldOnce of v up to n times, stopping early after a
// panic or a Ready. It never polls a finished YieldOnce.
func flPoll[T any](v T, n int) (*core.Recorder[T], []core.Step[T], string) {
	y, problem := flNew(v)
	if problem != "" {
		return nil, nil, problem
	}
	r := core.NewRecorder[T](y)
	var steps []core.Step[T]
	for i := 0; i < n; i++ {
		s := r.Step()
		steps = append(steps, s)
		if s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r, steps, ""
}

// flProblems checks a whole run of a YieldOnce made with want: Pending with
// one wake, then Ready(want) with no wake. It returns the first thing that is
// wrong, with the trace, or "" when the run is right. same compares values.
func flProblems[T any](want T, same func(got, want T) string) string {
	r, steps, problem := flPoll(want, 2)
	if problem != "" {
		return problem
	}
	for _, s := range steps {
		if p := flStepProblem(s, want, same); p != "" {
			return p + flTrace(r)
		}
	}
	return ""
}

// flStepProblem says what is wrong with one step of a YieldOnce made with
// want, or "".
func flStepProblem[T any](s core.Step[T], want T, same func(got, want T) string) string {
	if s.Panicked {
		return fmt.Sprintf("poll #%d panicked: %v", s.N, s.PanicText())
	}
	switch s.N {
	case 1:
		if s.Result.IsReady() {
			return fmt.Sprintf("poll #1 returned %v: a YieldOnce must be Pending on its first poll", s.Result)
		}
		return flWakeProblem(s)
	case 2:
		if s.Result.IsPending() {
			return "poll #2 returned Pending: a YieldOnce must be Ready on its second poll, since it has already yielded once " +
				flWhyNoProgress()
		}
		got, _ := s.Result.Value()
		if msg := same(got, want); msg != "" {
			return fmt.Sprintf("poll #2 returned %v, want %v: %s", s.Result, core.Ready(want), msg)
		}
		if s.Wakes > 0 {
			return fmt.Sprintf("poll #2 returned %v but also woke the waker %d×: a future that is Ready is finished "+
				"and must not ask to be polled again", s.Result, s.Wakes)
		}
	}
	return ""
}

// flWhyNoProgress guesses why a second poll made no progress. A value
// receiver is the classic cause: Poll then changes a copy of the future.
func flWhyNoProgress() string {
	if _, ok := reflect.TypeFor[yieldonce.YieldOnce[int]]().MethodByName("Poll"); ok {
		return "(Poll has a value receiver, func (y YieldOnce[T]) Poll, so each poll works on a copy and what it " +
			"records is lost; give it a pointer receiver, func (y *YieldOnce[T]) Poll)"
	}
	return "(does Poll record, in a field, that it has yielded?)"
}

// flPolls says "1 poll" or "n polls".
func flPolls(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

// flWakeProblem checks the wakes of a first poll that returned Pending.
func flWakeProblem[T any](s core.Step[T]) string {
	switch {
	case s.Wakes == 0:
		return "poll #1 returned Pending without waking the waker: nobody would ever poll this future again " +
			"(call cx.Waker().Wake() during the poll, before returning Pending)"
	case s.Wakes > 1:
		return fmt.Sprintf("poll #1 woke the waker %d×: a YieldOnce asks for exactly one more poll, so it wakes once", s.Wakes)
	}
	return ""
}

// flEqual compares comparable values.
func flEqual[T comparable](got, want T) string {
	if got != want {
		return "the second poll must hand back the value given to NewYieldOnce"
	}
	return ""
}

// flSamePointer wants the very pointer given to NewYieldOnce.
func flSamePointer(got, want *flPayload) string {
	if got != want {
		return fmt.Sprintf("it is a different pointer (%p) from the one given to NewYieldOnce (%p); "+
			"hand back the value itself, not a copy", got, want)
	}
	return ""
}

// flIntsProblem says what goes wrong with ints, or "": the checks for
// other types wait until ints work, and say what they are waiting for.
func flIntsProblem() string {
	for _, v := range flInts {
		if p := flProblems(v, flEqual[int]); p != "" {
			return fmt.Sprintf("not checked yet: YieldOnce must first be right for ints, and NewYieldOnce(%d) is not yet "+
				"(the failing checks say why)", v)
		}
	}
	return ""
}

func TestFirstPollIsPending(t *testing.T) {
	for i, v := range flInts {
		r, steps, problem := flPoll(v, 1)
		if problem != "" {
			t.Fatal(problem)
		}
		s := steps[0]
		if s.Panicked {
			t.Fatalf("NewYieldOnce(%d): poll #1 panicked: %v", v, s.PanicText())
		}
		if s.Result.IsReady() {
			note := ""
			if i > 0 {
				note = " (this YieldOnce is new, but others were polled before it: do they share some state?)"
			}
			t.Fatalf("NewYieldOnce(%d): poll #1 returned %v: a YieldOnce must be Pending on its first poll%s%s",
				v, s.Result, note, flTrace(r))
		}
	}
}

func TestFirstPollWakesTheWakerOnce(t *testing.T) {
	for _, v := range flInts {
		r, steps, problem := flPoll(v, 1)
		if problem != "" || steps[0].Panicked || steps[0].Result.IsReady() {
			t.Skip("not checked yet: poll #1 must return Pending first")
		}
		if steps[0].Wakes == 0 && r.WaitForLateWake(100*time.Millisecond) {
			t.Fatalf("NewYieldOnce(%d): poll #1 returned Pending without waking the waker during the poll; the waker "+
				"was called only afterwards, from elsewhere (another goroutine or a timer). An executor would poll again "+
				"then, so the wake is not lost, but a YieldOnce has nothing to wait for: call cx.Waker().Wake() in Poll "+
				"itself, before returning Pending%s", v, flTrace(r))
		}
		if p := flWakeProblem(steps[0]); p != "" {
			t.Fatalf("NewYieldOnce(%d): %s%s", v, p, flTrace(r))
		}
	}
}

func TestSecondPollIsReadyWithTheValue(t *testing.T) {
	for _, v := range flInts {
		r, steps, problem := flPoll(v, 2)
		if problem != "" || steps[0].Panicked || steps[0].Result.IsReady() {
			t.Skip("not checked yet: poll #1 must return Pending first")
		}
		s := steps[1]
		if s.Panicked {
			t.Fatalf("NewYieldOnce(%d): poll #2 panicked: %v%s", v, s.PanicText(), flTrace(r))
		}
		if s.Result.IsPending() {
			t.Fatalf("NewYieldOnce(%d): %s%s", v, flStepProblem(s, v, flEqual[int]), flTrace(r))
		}
		if got, _ := s.Result.Value(); got != v {
			t.Fatalf("NewYieldOnce(%d): poll #2 returned %v, want %v: the second poll must hand back the value "+
				"given to NewYieldOnce%s", v, s.Result, core.Ready(v), flTrace(r))
		}
	}
}

func TestReadyPollDoesNotWake(t *testing.T) {
	for _, v := range flInts {
		r, steps, problem := flPoll(v, 2)
		if problem != "" || len(steps) < 2 || steps[1].Panicked || steps[1].Result.IsPending() {
			t.Skip("not checked yet: poll #2 must return Ready first")
		}
		if s := steps[1]; s.Wakes > 0 {
			t.Fatalf("NewYieldOnce(%d): poll #2 returned %v but also woke the waker %d×: a future that is Ready "+
				"is finished and must not ask to be polled again%s", v, s.Result, s.Wakes, flTrace(r))
		}
	}
}

func TestWorksForAnyType(t *testing.T) {
	if p := flIntsProblem(); p != "" {
		t.Skip(p)
	}
	shared := &flPayload{Name: "shared", N: 3}
	problems := []string{
		flProblems("hello", flEqual[string]),
		flProblems("", flEqual[string]),
		flProblems(flPayload{Name: "gopher", N: 42}, flEqual[flPayload]),
		flProblems(shared, flSamePointer),
		flProblems(true, flEqual[bool]),
		flProblems(2.5, flEqual[float64]),
		flProblems(uint8(200), flEqual[uint8]),
	}
	for _, p := range problems {
		if p != "" {
			t.Error(p)
		}
	}
}

func TestEachYieldOnceKeepsItsOwnState(t *testing.T) {
	if p := flIntsProblem(); p != "" {
		t.Skip(p)
	}
	a, problem := flNew("a")
	if problem != "" {
		t.Fatal(problem)
	}
	b, problem := flNew("b")
	if problem != "" {
		t.Fatal(problem)
	}
	ra, rb := core.NewRecorder[string](a), core.NewRecorder[string](b)
	// Interleave the polls of two futures, as an executor running two tasks
	// would. Each must follow its own Pending-then-Ready.
	order := []struct {
		r    *core.Recorder[string]
		name string
		want core.Poll[string]
	}{
		{ra, "a", core.Pending[string]()},
		{rb, "b", core.Pending[string]()},
		{ra, "a", core.Ready("a")},
		{rb, "b", core.Ready("b")},
	}
	for i, o := range order {
		s := o.r.Step()
		if s.Panicked {
			t.Fatalf("with two YieldOnces a and b polled in turns, poll #%d of %s panicked: %v", s.N, o.name, s.PanicText())
		}
		if s.Result != o.want {
			t.Fatalf("with two YieldOnces a := NewYieldOnce(\"a\") and b := NewYieldOnce(\"b\") polled in turns "+
				"(a, b, a, b), step %d, poll #%d of %s, returned %v, want %v: each YieldOnce must keep its own "+
				"state in its own fields, not in a package-level variable", i+1, s.N, o.name, s.Result, o.want)
		}
	}
	if p := flGlobalStateProblem("yield_once", "Keep what YieldOnce remembers in its own fields."); p != "" {
		t.Fatal(p)
	}
	if p := flValueInFieldsProblem(); p != "" {
		t.Fatal(p)
	}
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("yield_once"); problem != "" {
		t.Fatal(problem)
	}
	if uses := flImportersOf("github.com/futurelings/futurelings/exercises/"); len(uses) > 0 {
		t.Fatalf("yield_once uses %s. YieldOnce is the smallest state machine there is, two states and a value: "+
			"write those states in its own fields, rather than leaving them to a future from another exercise", flList(uses))
	}
}

// flFindInt reports whether the integer want is reachable from v through
// pointers, interfaces, structs, arrays, slices and maps: in the fields, not
// inside a func value (a closure) or a channel.
func flFindInt(v reflect.Value, want int64, seen map[uintptr]bool) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		return v.Int() == want
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return false
		}
		seen[v.Pointer()] = true
		return flFindInt(v.Elem(), want, seen)
	case reflect.Interface:
		return !v.IsNil() && flFindInt(v.Elem(), want, seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if flFindInt(v.Field(i), want, seen) {
				return true
			}
		}
	case reflect.Array, reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if flFindInt(v.Index(i), want, seen) {
				return true
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if flFindInt(k, want, seen) || flFindInt(v.MapIndex(k), want, seen) {
				return true
			}
		}
	}
	return false
}

// flValueInFieldsProblem polls a YieldOnce once and says whether the value
// it will be Ready with can be seen in its fields.
func flValueInFieldsProblem() string {
	const value = 0x5EED1234
	y, problem := flNew(value)
	if problem != "" {
		return problem
	}
	if s := core.NewRecorder[int](y).Step(); s.Panicked || s.Result.IsReady() {
		return "" // the other checks say what is wrong
	}
	if flFindInt(reflect.ValueOf(y), value, map[uintptr]bool{}) {
		return ""
	}
	return fmt.Sprintf("after poll #1 of NewYieldOnce(%d), the value %d is nowhere in the fields of the YieldOnce: "+
		"it is kept out of sight, inside a func value (a closure), a channel or another goroutine. A state machine "+
		"keeps what the next state needs in its fields, where it can be seen between polls: keep the value in a field "+
		"of type T (or behind a *T), next to what says which state it is in", value, value)
}

func TestPollToCompletionTakesTwoPolls(t *testing.T) {
	for _, v := range flInts {
		y, problem := flNew(v)
		if problem != "" {
			t.Fatal(problem)
		}
		polls := 0
		counted := core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
			polls++
			return y.Poll(cx)
		})
		got, err, panicked := flExecute(counted)
		switch {
		case panicked != nil:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion: poll #%d panicked: %v", v, polls, panicked)
		case err != nil:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion: the executor gave up after %s: %v", v, flPolls(polls), err)
		case polls != 2:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion finished after %s; a YieldOnce takes "+
				"exactly two: Pending, then Ready", v, flPolls(polls))
		case got != v:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion returned %d, want %d", v, got, v)
		}
	}
}

// flExecute runs f with core's executor and tight limits, and recovers a
// panic from the future.
func flExecute(f core.Future[int]) (v int, err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	v, err = core.PollToCompletionWith(f, core.Options{MaxPolls: 10, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}
