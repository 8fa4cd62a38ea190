// Wrong: whether it has yielded is kept in a package-level registry keyed by
// the future, not in its fields.
package yieldonce

import "github.com/futurelings/futurelings/core"

type registry struct{ seen map[any]bool }

func (r *registry) mark(k any) bool { old := r.seen[k]; r.seen[k] = true; return old }

var reg = &registry{seen: map[any]bool{}}

type YieldOnce[T any] struct{ value T }

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !reg.mark(y) {
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
