package yieldonce

import (
	"github.com/futurelings/futurelings/core"
)

// Wrong: core.Async with a one-off Pending inside.
type once struct{ done bool }

func (o *once) Poll(cx *core.Context) core.Poll[struct{}] {
	if o.done {
		return core.Ready(struct{}{})
	}
	o.done = true
	cx.Waker().Wake()
	return core.Pending[struct{}]()
}

type YieldOnce[T any] struct{ fut core.Future[T] }

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{fut: core.Async(func(aw *core.Awaiter) T {
		core.Await[struct{}](aw, &once{})
		return v
	})}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] { return y.fut.Poll(cx) }
