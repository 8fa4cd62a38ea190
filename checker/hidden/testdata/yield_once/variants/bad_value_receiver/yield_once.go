// Package yieldonce, wrong: Poll has a value receiver, so it sets the flag on
// a copy and every poll looks like the first.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	value   T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

func (y YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if y.yielded {
		return core.Ready(y.value)
	}
	y.yielded = true
	cx.Waker().Wake()
	return core.Pending[T]()
}
