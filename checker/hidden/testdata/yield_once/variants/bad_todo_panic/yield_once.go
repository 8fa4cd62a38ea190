// Package yieldonce, unfinished: Poll still panics with a TODO.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	value T
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	panic("TODO: write Poll")
}
