// Package ready is the reference solution of the ready exercise: a future
// that is Ready with its value on the first poll.
package ready

import "github.com/futurelings/futurelings/core"

// ReadyFuture is a future whose first poll is Ready with the value it was
// made with.
type ReadyFuture[T any] struct {
	value T
}

// NewReady returns a future that is Ready with v on its first poll.
func NewReady[T any](v T) *ReadyFuture[T] {
	return &ReadyFuture[T]{value: v}
}

// Poll returns Ready with the value given to NewReady. There is nothing to
// wait for, so it never touches the waker.
func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	return core.Ready(r.value)
}
