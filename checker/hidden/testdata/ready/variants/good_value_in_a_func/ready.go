// Correct: the value is kept as a func that returns it.
package ready

import "github.com/futurelings/futurelings/core"

type ReadyFuture[T any] struct{ get func() T }

func NewReady[T any](v T) *ReadyFuture[T] { return &ReadyFuture[T]{get: func() T { return v }} }

func (r *ReadyFuture[T]) Poll(*core.Context) core.Poll[T] { return core.Ready(r.get()) }
