// Package ready, wrong: it wakes the waker although it is already Ready.
package ready

import "github.com/futurelings/futurelings/core"

type ReadyFuture[T any] struct {
	value T
}

func NewReady[T any](v T) *ReadyFuture[T] {
	return &ReadyFuture[T]{value: v}
}

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	cx.Waker().Wake()
	return core.Ready(r.value)
}
