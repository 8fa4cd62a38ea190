// Correct: the states are structs behind an interface, the lesson's enum,
// and Poll switches on the type of the current state (never on the type of
// the value it hands back).
package yieldonce

import "github.com/futurelings/futurelings/core"

type state interface{ isState() }

// waiting has not yielded yet; yielding has, once; finished has handed the
// value back.
type waiting[T any] struct{ value T }
type yielding[T any] struct{ value T }
type finished struct{}

func (waiting[T]) isState()  {}
func (yielding[T]) isState() {}
func (finished) isState()    {}

// YieldOnce is Pending on its first poll, after waking its waker, and Ready
// with its value on the second.
type YieldOnce[T any] struct {
	state state
}

// NewYieldOnce returns a YieldOnce that yields once, then returns v.
func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{state: waiting[T]{value: v}}
}

// Poll moves the state on by one step.
func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	switch s := y.state.(type) {
	case waiting[T]:
		y.state = yielding[T]{value: s.value}
		cx.Waker().Wake()
		return core.Pending[T]()
	case yielding[T]:
		y.state = finished{}
		return core.Ready(s.value)
	}
	panic("yield_once: polled after completion")
}
