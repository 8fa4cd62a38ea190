// Package ready: a ReadyFuture that follows Rust's Ready<T>(Option<T>): the
// value is taken on the first poll, and a second poll panics.
package ready

import "github.com/futurelings/futurelings/core"

// ReadyFuture is Ready with its value on the first poll.
type ReadyFuture[T any] struct {
	value *T // nil once taken
}

// NewReady returns a future that is Ready with v on its first poll.
func NewReady[T any](v T) *ReadyFuture[T] {
	return &ReadyFuture[T]{value: &v}
}

// Poll takes the value and returns it.
func (r *ReadyFuture[T]) Poll(*core.Context) core.Poll[T] {
	if r.value == nil {
		panic("ready: polled after completion")
	}
	v := *r.value
	r.value = nil
	return core.Ready(v)
}
