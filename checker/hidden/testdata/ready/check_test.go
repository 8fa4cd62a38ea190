package ready_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	ready "github.com/futurelings/futurelings/exercises/1_futures/ready"
)

// flInts are the values most checks use. 7 comes first so that a future
// that hands back the zero value is caught at once.
var flInts = []int{7, -12, 1 << 30, 0}

// flPayload is a struct type to check that ReadyFuture works for any T.
type flPayload struct {
	Name string
	N    int
}

// flShow formats a value the way core's traces do, e.g. 7 or "hello".
func flShow[T any](v T) string {
	s := core.Ready(v).String()
	return strings.TrimSuffix(strings.TrimPrefix(s, "Ready("), ")")
}

// flPollOnce makes a ReadyFuture of v and polls it once with a recorder.
// A panic in NewReady or Poll, or a nil future, comes back as a message.
func flPollOnce[T any](v T) (s core.Step[T], problem string) {
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("NewReady(%s) panicked: %v", flShow(v), p)
		}
	}()
	f := ready.NewReady(v)
	if f == nil {
		return s, fmt.Sprintf("NewReady(%s) returned nil: it must return a *ReadyFuture that can be polled", flShow(v))
	}
	s = core.NewRecorder[T](f).Step()
	if s.Panicked {
		return s, fmt.Sprintf("NewReady(%s): poll #1 panicked: %v", flShow(v), s.PanicText())
	}
	return s, ""
}

// flProblem checks the one poll of a ReadyFuture made with want and returns
// what is wrong, or "". same compares the value it returned with want.
func flProblem[T any](want T, same func(got, want T) string) string {
	s, problem := flPollOnce(want)
	if problem != "" {
		return problem
	}
	if p := flPendingProblem(s, want); p != "" {
		return p
	}
	got, _ := s.Result.Value()
	if msg := same(got, want); msg != "" {
		return fmt.Sprintf("NewReady(%s): poll #1 returned %v, want %v: %s", flShow(want), s.Result, core.Ready(want), msg)
	}
	return flWakeProblem(s, want)
}

func flPendingProblem[T any](s core.Step[T], want T) string {
	if s.Result.IsReady() {
		return ""
	}
	msg := fmt.Sprintf("NewReady(%s): poll #1 returned Pending: a ReadyFuture has nothing to wait for, "+
		"so its first poll must be %v", flShow(want), core.Ready(want))
	if s.Wakes == 0 {
		msg += " (and a Pending must wake the waker during the poll, or nothing asks for the next one)"
	}
	return msg
}

func flWakeProblem[T any](s core.Step[T], want T) string {
	if s.Wakes == 0 {
		return ""
	}
	return fmt.Sprintf("NewReady(%s): poll #1 returned %v but also woke the waker %d×: a future that is Ready "+
		"is finished, so it must not ask to be polled again", flShow(want), s.Result, s.Wakes)
}

func flEqual[T comparable](got, want T) string {
	if got != want {
		return "Poll must hand back the value given to NewReady"
	}
	return ""
}

func flSamePointer(got, want *flPayload) string {
	if got != want {
		return fmt.Sprintf("it is a different pointer (%p) from the one given to NewReady (%p); "+
			"hand back the value itself, not a copy", got, want)
	}
	return ""
}

// flIntsAreReady reports whether the first poll is Ready for every int
// value; checks of the value and of wakes wait for it.
func flIntsAreReady() bool {
	for _, v := range flInts {
		s, problem := flPollOnce(v)
		if problem != "" || s.Result.IsPending() {
			return false
		}
	}
	return true
}

func TestFirstPollIsReady(t *testing.T) {
	for _, v := range flInts {
		s, problem := flPollOnce(v)
		if problem == "" {
			problem = flPendingProblem(s, v)
		}
		if problem != "" {
			t.Fatal(problem)
		}
	}
}

func TestReadyHasTheValue(t *testing.T) {
	if !flIntsAreReady() {
		t.Skip("not checked yet: poll #1 must return Ready first")
	}
	for _, v := range flInts {
		s, _ := flPollOnce(v)
		if got, _ := s.Result.Value(); got != v {
			t.Fatalf("NewReady(%d): poll #1 returned %v, want %v: Poll must hand back the value given to NewReady",
				v, s.Result, core.Ready(v))
		}
	}
}

func TestReadyDoesNotWake(t *testing.T) {
	if !flIntsAreReady() {
		t.Skip("not checked yet: poll #1 must return Ready first")
	}
	for _, v := range flInts {
		s, _ := flPollOnce(v)
		if p := flWakeProblem(s, v); p != "" {
			t.Fatal(p)
		}
	}
}

func TestWorksForAnyType(t *testing.T) {
	for _, v := range flInts {
		if flProblem(v, flEqual[int]) != "" {
			t.Skipf("not checked yet: ReadyFuture must first be right for ints, and NewReady(%d) is not yet "+
				"(the failing checks say why)", v)
		}
	}
	shared := &flPayload{Name: "shared", N: 3}
	problems := []string{
		flProblem("hello", flEqual[string]),
		flProblem("", flEqual[string]),
		flProblem(flPayload{Name: "gopher", N: 42}, flEqual[flPayload]),
		flProblem(shared, flSamePointer),
		flProblem(true, flEqual[bool]),
		flProblem(2.5, flEqual[float64]),
		flProblem(uint8(200), flEqual[uint8]),
	}
	for _, p := range problems {
		if p != "" {
			t.Error(p)
		}
	}
}

func TestEachReadyFutureKeepsItsOwnValue(t *testing.T) {
	if !flIntsAreReady() {
		t.Skip("not checked yet: poll #1 must return Ready first")
	}
	a, b := ready.NewReady("a"), ready.NewReady("b")
	// Poll them in the opposite order to their making, so a value kept in
	// one shared place shows up in the wrong future.
	gotB := core.NewRecorder[string](b).Step()
	gotA := core.NewRecorder[string](a).Step()
	if gotA.Result != core.Ready("a") || gotB.Result != core.Ready("b") {
		t.Fatalf("a := NewReady(\"a\") and b := NewReady(\"b\"), then polling b and a returned %v and %v, "+
			"want Ready(\"b\") and Ready(\"a\"): each ReadyFuture must keep its value in its own field",
			gotB.Result, gotA.Result)
	}
	if p := flGlobalStateProblem("ready", "Keep the value in a field of the ReadyFuture that NewReady returns."); p != "" {
		t.Fatal(p)
	}
}

func TestIsAPlainFuture(t *testing.T) {
	if problem := flHandWrittenProblem("ready"); problem != "" {
		t.Fatal(problem)
	}
}

func TestPollToCompletionTakesOnePoll(t *testing.T) {
	for _, v := range flInts {
		f := ready.NewReady(v)
		polls := 0
		counted := core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
			polls++
			return f.Poll(cx)
		})
		got, err, panicked := flExecute(counted)
		switch {
		case panicked != nil:
			t.Fatalf("NewReady(%d) run by core.PollToCompletion: poll #%d panicked: %v", v, polls, panicked)
		case errors.Is(err, core.ErrLostWakeup) && polls == 1:
			t.Fatalf("NewReady(%d) run by core.PollToCompletion: poll #1 returned Pending, and with no wake the "+
				"executor gave up; a ReadyFuture must be Ready on its first poll", v)
		case err != nil:
			t.Fatalf("NewReady(%d) run by core.PollToCompletion: the executor gave up: %v", v, err)
		case polls != 1:
			t.Fatalf("NewReady(%d) run by core.PollToCompletion took %d polls; a ReadyFuture is done on the first",
				v, polls)
		case got != v:
			t.Fatalf("NewReady(%d) run by core.PollToCompletion returned %d, want %d", v, got, v)
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
