// Package yieldonce, wrong: the "yielded" flag is a package-level variable
// shared by every YieldOnce, and it is reset when one finishes.
package yieldonce

import "github.com/futurelings/futurelings/core"

var yielded bool

type YieldOnce[T any] struct {
	value T
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !yielded {
		yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	yielded = false
	return core.Ready(y.value)
}
