// Package yieldonce, wrong: it forgets the value and is Ready with the zero
// value of T.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	var zero T
	return core.Ready(zero)
}
