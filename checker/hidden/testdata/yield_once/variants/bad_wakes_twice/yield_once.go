// Package yieldonce, wrong: it wakes the waker twice on the first poll.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	value   T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		w := cx.Waker()
		w.Wake()
		y.yielded = true
		w.Wake()
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
