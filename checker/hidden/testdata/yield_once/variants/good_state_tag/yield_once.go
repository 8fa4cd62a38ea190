// Package yieldonce: a YieldOnce written as an explicit state machine, with a
// tag field, a switch, and state names for traces.
package yieldonce

import "github.com/futurelings/futurelings/core"

type yieldState uint8

const (
	notYielded yieldState = iota
	yielded
	done
)

func (s yieldState) String() string {
	return [...]string{"NotYielded", "Yielded", "Done"}[s]
}

// YieldOnce is a future that is Pending once, then Ready with its value.
type YieldOnce[T any] struct {
	state yieldState
	value T
}

// NewYieldOnce returns a YieldOnce that is Ready with v on its second poll.
func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

// String names the current state, so traces show the transitions.
func (y *YieldOnce[T]) String() string { return y.state.String() }

// Poll moves NotYielded → Yielded → Done.
func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	switch y.state {
	case notYielded:
		y.state = yielded
		cx.Waker().Wake()
		return core.Pending[T]()
	case yielded:
		y.state = done
		return core.Ready(y.value)
	default:
		panic("yieldonce: polled after completion")
	}
}
