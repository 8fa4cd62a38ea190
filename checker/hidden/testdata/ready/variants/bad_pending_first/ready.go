// Package ready, wrong: it waits once (Pending with a wake) before it is
// Ready, like a YieldOnce.
package ready

import "github.com/futurelings/futurelings/core"

type ReadyFuture[T any] struct {
	value  T
	polled bool
}

func NewReady[T any](v T) *ReadyFuture[T] {
	return &ReadyFuture[T]{value: v}
}

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	if !r.polled {
		r.polled = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return core.Ready(r.value)
}
