// Wrong: besides its wake during poll #1, it wakes the waker again later
// from a timer (a goroutine), after the future may be finished.
package yieldonce

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

var later = time.AfterFunc

type YieldOnce[T any] struct {
	value   T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		w := cx.Waker()
		w.Wake()
		later(50*time.Millisecond, w.Wake)
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
