package yieldonce

import (
	"github.com/futurelings/futurelings/core"
)

// Wrong: a goroutine hands the value over on a channel.
type YieldOnce[T any] struct {
	ch      chan T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	ch := make(chan T, 1)
	go func() { ch <- v }()
	return &YieldOnce[T]{ch: ch}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	return core.Ready(<-y.ch)
}
