// Package yieldonce is the reference solution of the yield_once exercise: a
// future that is Pending once, then Ready with its value.
package yieldonce

import "github.com/futurelings/futurelings/core"

// YieldOnce is a future that is Pending once, then Ready with its value.
type YieldOnce[T any] struct {
	value   T
	yielded bool // poll #1 has returned Pending
	done    bool // poll #2 has returned Ready; no more polls allowed
}

// NewYieldOnce returns a YieldOnce that will be Ready with v on its second
// poll.
func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

// Poll is Pending (after waking the waker) on the first call and Ready with
// the value on the second. It panics if called again after that.
func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	switch {
	case y.done:
		panic("yieldonce: polled after completion")
	case y.yielded:
		y.done = true
		v := y.value
		// Let go of the value: the future has handed it over, and it may
		// be a pointer that should not be kept alive by a finished future.
		var zero T
		y.value = zero
		return core.Ready(v)
	default:
		y.yielded = true
		// Nothing else will wake this task, and the value is available
		// right away, so ask to be polled again before saying Pending.
		cx.Waker().Wake()
		return core.Pending[T]()
	}
}
