package yieldonce

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

// Wrong: the wake comes from a timer, after Poll has returned.
type YieldOnce[T any] struct {
	value   T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		time.AfterFunc(time.Millisecond, cx.Waker().Wake)
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
