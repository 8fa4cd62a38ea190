package core_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
)

// yieldOnce is Pending (after waking its waker) on the first poll and
// Ready(v) on the second: the smallest future that has to wait.
type yieldOnce[T any] struct {
	v       T
	yielded bool
}

func newYieldOnce[T any](v T) *yieldOnce[T] { return &yieldOnce[T]{v: v} }

func (y *yieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return core.Ready(y.v)
}

// countdown is Pending n times, waking each time, then Ready(n). It counts
// its polls.
type countdown struct {
	n, left, polls int
}

func newCountdown(n int) *countdown { return &countdown{n: n, left: n} }

func (c *countdown) Poll(cx *core.Context) core.Poll[int] {
	c.polls++
	if c.left == 0 {
		return core.Ready(c.n)
	}
	c.left--
	cx.Waker().Wake()
	return core.Pending[int]()
}

// pendingNoWake returns Pending without ever arranging a wake-up.
func pendingNoWake[T any]() core.Future[T] {
	return core.FutureFunc[T](func(*core.Context) core.Poll[T] { return core.Pending[T]() })
}

// catchPanic runs f and returns what it panicked with, and whether it did.
func catchPanic(f func()) (v any, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			v, panicked = r, true
		}
	}()
	f()
	return nil, false
}

// wantPanic fails the test unless f panics with a message containing every
// one of wants.
func wantPanic(t *testing.T, what string, f func(), wants ...string) {
	t.Helper()
	v, panicked := catchPanic(f)
	if !panicked {
		t.Errorf("%s: did not panic, want a panic mentioning %q", what, wants)
		return
	}
	msg := fmt.Sprint(v)
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: panicked with %q, want it to mention %q", what, msg, w)
		}
	}
}

// waitForGoroutines runs the garbage collector until at most want
// goroutines are left, for up to 5 s, and returns how many there were
// last. Cleanups of collected objects run on a runtime goroutine, so the
// count drops a little after each collection, not during it.
func waitForGoroutines(want int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}
