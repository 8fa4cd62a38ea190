// Correct: the future stores the finished Poll itself, made in NewReady.
package ready

import "github.com/futurelings/futurelings/core"

type ReadyFuture[T any] core.Poll[T]

func NewReady[T any](v T) *ReadyFuture[T] {
	p := ReadyFuture[T](core.Ready(v))
	return &p
}

func (r *ReadyFuture[T]) Poll(*core.Context) core.Poll[T] { return core.Poll[T](*r) }
