package yieldonce

import (
	"github.com/futurelings/futurelings/core"
)

// Wrong: the states are a chain of closures, the value captured in them.
type YieldOnce[T any] struct {
	next func(*core.Context) core.Poll[T]
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	y := &YieldOnce[T]{}
	y.next = func(cx *core.Context) core.Poll[T] {
		y.next = func(*core.Context) core.Poll[T] { return core.Ready(v) }
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return y
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] { return y.next(cx) }
