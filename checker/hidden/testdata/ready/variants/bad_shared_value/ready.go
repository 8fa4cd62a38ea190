// Package ready, wrong: the value is kept in a package-level variable, so
// every ReadyFuture returns whatever NewReady was last called with.
package ready

import "github.com/futurelings/futurelings/core"

var last any

type ReadyFuture[T any] struct{}

func NewReady[T any](v T) *ReadyFuture[T] {
	last = v
	return &ReadyFuture[T]{}
}

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	return core.Ready(last.(T))
}
