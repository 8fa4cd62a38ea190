package core_test

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
)

func TestPollToCompletionReturnsTheValue(t *testing.T) {
	tests := []struct {
		name      string
		fut       *countdown
		wantPolls int
	}{
		{"Ready at once", newCountdown(0), 1},
		{"Pending once", newCountdown(1), 2},
		{"Pending ten times", newCountdown(10), 11},
		{"Pending a thousand times", newCountdown(1000), 1001},
	}
	for _, tt := range tests {
		got, err := core.PollToCompletion[int](tt.fut)
		if err != nil {
			t.Errorf("%s: PollToCompletion returned error %v, want %d", tt.name, err, tt.fut.n)
			continue
		}
		if got != tt.fut.n {
			t.Errorf("%s: PollToCompletion returned %d, want %d", tt.name, got, tt.fut.n)
		}
		if tt.fut.polls != tt.wantPolls {
			t.Errorf("%s: the future was polled %d times, want %d", tt.name, tt.fut.polls, tt.wantPolls)
		}
	}

	s, err := core.PollToCompletion[string](newYieldOnce("hello"))
	if err != nil || s != "hello" {
		t.Errorf(`PollToCompletion(yieldOnce("hello")) = %q, %v; want "hello", nil`, s, err)
	}
}

// wakeThenStall wakes its waker on the first wakes polls and then returns
// Pending without waking.
func wakeThenStall(wakes int) core.Future[int] {
	polls := 0
	return core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
		polls++
		if polls <= wakes {
			cx.Waker().Wake()
		}
		return core.Pending[int]()
	})
}

// wakesOnFirstPoll wakes its waker n times during the first poll and never
// again; it is always Pending.
func wakesOnFirstPoll(n int) core.Future[int] {
	first := true
	return core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
		if first {
			first = false
			for range n {
				cx.Waker().Wake()
			}
		}
		return core.Pending[int]()
	})
}

func TestPollToCompletionDiagnosesALostWakeup(t *testing.T) {
	tests := []struct {
		name      string
		fut       core.Future[int]
		wantPolls int
	}{
		{"never wakes", pendingNoWake[int](), 1},
		{"stops waking on poll #3", wakeThenStall(2), 3},
		// Three wakes during one poll buy one more poll, not three.
		{"wakes three times during poll #1 only", wakesOnFirstPoll(3), 2},
	}
	for _, tt := range tests {
		got, err := core.PollToCompletionWith(tt.fut, core.Options{WakeTimeout: 20 * time.Millisecond})
		checkExecError(t, tt.name, got, err, core.ErrLostWakeup, tt.wantPolls)
		if err == nil {
			continue
		}
		msg := err.Error()
		for _, want := range []string{"lost wake-up", fmt.Sprintf("poll #%d returned Pending", tt.wantPolls), "Wake()"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: error %q should mention %q", tt.name, msg, want)
			}
		}
	}
}

func TestPollToCompletionLostWakeupWithDefaults(t *testing.T) {
	_, err := core.PollToCompletion(pendingNoWake[string]())
	checkExecError(t, "never wakes, default options", "", err, core.ErrLostWakeup, 1)
	want := "lost wake-up: poll #1 returned Pending but the waker was never called, " +
		"so a real executor would sleep forever (call cx.Waker().Wake() before returning Pending)"
	if err != nil && err.Error() != want {
		t.Errorf("error text:\n got %s\nwant %s", err, want)
	}
}

func TestPollToCompletionDiagnosesAFutureThatNeverFinishes(t *testing.T) {
	for _, max := range []int{1, 2, 50} {
		polls := 0
		forever := core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
			polls++
			cx.Waker().Wake()
			return core.Pending[int]()
		})
		got, err := core.PollToCompletionWith(forever, core.Options{MaxPolls: max})
		checkExecError(t, "wakes but stays Pending", got, err, core.ErrTooManyPolls, max)
		if polls != max {
			t.Errorf("MaxPolls %d: the future was polled %d times, want %d", max, polls, max)
		}
		if err != nil && !strings.Contains(err.Error(), "never became Ready") {
			t.Errorf("MaxPolls %d: error %q should say the future never became Ready", max, err)
		}
	}

	// A future that finishes on its last allowed poll is not an error.
	got, err := core.PollToCompletionWith[int](newCountdown(4), core.Options{MaxPolls: 5})
	if err != nil || got != 4 {
		t.Errorf("countdown(4) with MaxPolls 5: got %d, %v; want 4, nil", got, err)
	}
}

func checkExecError[T comparable](t *testing.T, name string, got T, err error, want error, wantPolls int) {
	t.Helper()
	var zero T
	if got != zero {
		t.Errorf("%s: PollToCompletion returned value %v with an error, want the zero value", name, got)
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: PollToCompletion error = %v, want one that errors.Is %q", name, err, want)
		return
	}
	var ee *core.ExecError
	if !errors.As(err, &ee) {
		t.Errorf("%s: error %v is not an *ExecError", name, err)
		return
	}
	if ee.Polls != wantPolls {
		t.Errorf("%s: ExecError.Polls = %d, want %d (%v)", name, ee.Polls, wantPolls, err)
	}
}

// afterFuncFuture asks a timer to wake it, from another goroutine, after
// each of its first n Pending polls. It records any poll that happens
// before that wake arrived.
type afterFuncFuture struct {
	n, polls int
	woken    atomic.Bool
	early    []int // polls made without a wake since the previous one
}

func (f *afterFuncFuture) Poll(cx *core.Context) core.Poll[int] {
	f.polls++
	if f.polls > 1 && !f.woken.Swap(false) {
		f.early = append(f.early, f.polls)
	}
	if f.polls > f.n {
		return core.Ready(f.polls)
	}
	w := cx.Waker()
	time.AfterFunc(2*time.Millisecond, func() {
		f.woken.Store(true)
		w.Wake()
	})
	return core.Pending[int]()
}

func TestPollToCompletionWaitsForAWakeFromAnotherGoroutine(t *testing.T) {
	f := &afterFuncFuture{n: 3}
	// The timeout is generous so that a slow machine cannot turn a late
	// wake into a reported loss; the test takes a few milliseconds.
	got, err := core.PollToCompletionWith[int](f, core.Options{WakeTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("a wake from time.AfterFunc was reported as an error: %v", err)
	}
	if got != 4 {
		t.Errorf("PollToCompletion returned %d, want 4 (Ready on poll #4)", got)
	}
	if len(f.early) > 0 {
		t.Errorf("polls %v happened before the previous Pending was woken; an executor re-polls only after a wake", f.early)
	}
}

func TestPollToCompletionRepollsOnlyAfterAWake(t *testing.T) {
	// A future that is woken only by a timer cannot finish any faster than
	// its timers: if the executor spun, it would make polls without a wake.
	f := &afterFuncFuture{n: 5}
	if _, err := core.PollToCompletionWith[int](f, core.Options{WakeTimeout: 10 * time.Second}); err != nil {
		t.Fatalf("PollToCompletion: %v", err)
	}
	if f.polls != 6 {
		t.Errorf("the future was polled %d times, want 6 (5 Pending, each followed by one wake, then Ready)", f.polls)
	}
	if len(f.early) > 0 {
		t.Errorf("polls %v were made without a wake", f.early)
	}
}

func TestExecErrorOfAnotherCause(t *testing.T) {
	cause := errors.New("cancelled")
	err := &core.ExecError{Polls: 3, Err: cause}
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(%v, cause) = false, want true", err)
	}
	if got, want := err.Error(), "executor stopped after 3 polls: cancelled"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
