package yieldonce

import (
	"github.com/futurelings/futurelings/core"
)

// Wrong: whether it has yielded is kept in a package-level set.
var yielded = map[any]bool{}

type YieldOnce[T any] struct{ value T }

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !yielded[y] {
		yielded[y] = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	delete(yielded, y)
	return core.Ready(y.value)
}
