// Correct: one method per state; a field holds the method of the state it is in.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	value T
	state func(*YieldOnce[T], *core.Context) core.Poll[T]
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v, state: (*YieldOnce[T]).notYielded}
}

func (y *YieldOnce[T]) notYielded(cx *core.Context) core.Poll[T] {
	y.state = (*YieldOnce[T]).yielded
	cx.Waker().Wake()
	return core.Pending[T]()
}

func (y *YieldOnce[T]) yielded(*core.Context) core.Poll[T] {
	y.state = (*YieldOnce[T]).done
	return core.Ready(y.value)
}

func (y *YieldOnce[T]) done(*core.Context) core.Poll[T] { panic("yieldonce: polled after completion") }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] { return y.state(y, cx) }
