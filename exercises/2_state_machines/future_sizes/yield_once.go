package futuresizes

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// This file is given: a finished YieldOnce, like the one from the yield_once
// exercise. You do not need to change it.

// YieldOnce is a future that needs exactly one trip through the executor: its
// first poll wakes the waker and returns Pending, its second returns Ready
// with the value it was made with.
//
// Its size is that of its fields: for YieldOnce[uint32], a 4-byte value and
// two bools, padded to 8 bytes.
type YieldOnce[T any] struct {
	value   T
	yielded bool // the first poll has happened
	done    bool // Ready has been returned
}

// NewYieldOnce returns a YieldOnce that will finish with v. It returns the
// future itself rather than a pointer to it, so that a state machine can keep
// it in one of its own fields, inline, the way Rust's enum keeps the future
// it is awaiting.
func NewYieldOnce[T any](v T) YieldOnce[T] {
	return YieldOnce[T]{value: v}
}

// Poll is Pending (after waking cx's waker) the first time and Ready(value)
// the second. A third poll is a bug in whoever polls it, and panics.
func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	switch {
	case y.done:
		panic("futuresizes: YieldOnce polled again after it returned Ready")
	case !y.yielded:
		y.yielded = true
		cx.Waker().Wake()
		if OnPoll != nil {
			OnPoll(fmt.Sprintf("YieldOnce(%v)", y.value), "Pending (it woke the waker)")
		}
		return core.Pending[T]()
	}
	y.done = true
	if OnPoll != nil {
		OnPoll(fmt.Sprintf("YieldOnce(%v)", y.value), core.Ready(y.value).String())
	}
	return core.Ready(y.value)
}

// OnPoll, when set, is told of every poll of a YieldOnce and what it
// returned. futurelings trace uses it to show the polls of the sub-futures
// inside each poll of yours; leave it alone.
var OnPoll func(future, result string)
