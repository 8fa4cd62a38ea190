// Wrong: the value lives in a package-level map keyed by the future, not in a field.
package ready

import "github.com/futurelings/futurelings/core"

var values = map[any]any{}

type ReadyFuture[T any] struct{ _ byte }

func NewReady[T any](v T) *ReadyFuture[T] {
	r := &ReadyFuture[T]{}
	values[r] = v
	return r
}

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	return core.Ready(values[r].(T))
}
