// Wrong: it leans on the countdown exercise for its one Pending.
package yieldonce

import (
	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/1_futures/countdown"
)

type YieldOnce[T any] struct {
	value T
	c     *countdown.Countdown
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v, c: countdown.NewCountdown(1)}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if y.c.Poll(cx).IsPending() {
		return core.Pending[T]()
	}
	return core.Ready(y.value)
}
