// Wrong: a coroutine (core.Async) for a future that has nothing to wait for.
package ready

import "github.com/futurelings/futurelings/core"

type ReadyFuture[T any] struct{ fut core.Future[T] }

func NewReady[T any](v T) *ReadyFuture[T] {
	return &ReadyFuture[T]{fut: core.Async(func(*core.Awaiter) T { return v })}
}

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] { return r.fut.Poll(cx) }
