// Wrong: for some values (false, nil, int64s...) it is Ready on the first poll.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	value   T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	switch x := any(y.value).(type) {
	case nil, int64, []byte, error:
		return core.Ready(y.value)
	case bool:
		if !x {
			return core.Ready(y.value)
		}
	}
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
