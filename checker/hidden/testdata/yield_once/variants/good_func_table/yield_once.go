package yieldonce

import (
	"github.com/futurelings/futurelings/core"
)

// Correct: a table of funcs indexed by the state.
type YieldOnce[T any] struct {
	value T
	state uint8
}

func NewYieldOnce[T any](v T) *YieldOnce[T] { return &YieldOnce[T]{value: v} }

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	table := [...]func() core.Poll[T]{
		func() core.Poll[T] { y.state = 1; cx.Waker().Wake(); return core.Pending[T]() },
		func() core.Poll[T] { y.state = 2; v := y.value; var z T; y.value = z; return core.Ready(v) },
		func() core.Poll[T] { panic("yieldonce: polled after completion") },
	}
	return table[y.state]()
}
