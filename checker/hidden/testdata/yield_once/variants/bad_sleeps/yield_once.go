// Wrong: Poll blocks the executor, sleeping, as if it waited for something.
package yieldonce

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

type YieldOnce[T any] struct {
	value   T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		time.Sleep(20 * time.Millisecond)
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
