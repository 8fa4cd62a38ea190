// Package ready, wrong: NewReady drops v, so Poll returns the zero value.
package ready

import "github.com/futurelings/futurelings/core"

type ReadyFuture[T any] struct {
	value T
}

func NewReady[T any](v T) *ReadyFuture[T] {
	return &ReadyFuture[T]{}
}

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	return core.Ready(r.value)
}
