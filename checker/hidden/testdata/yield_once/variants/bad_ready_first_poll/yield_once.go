// Package yieldonce, wrong: the flag is read the wrong way round, so the
// first poll is Ready and the second Pending.
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
		y.yielded = true
		return core.Ready(y.value)
	}
	cx.Waker().Wake()
	return core.Pending[T]()
}
