// Package yieldonce, wrong: wakes on every poll, the Ready one included.
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
	cx.Waker().Wake()
	if !y.yielded {
		y.yielded = true
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
