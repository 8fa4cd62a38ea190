// Package yieldonce: the value waits in a map of one entry, keyed by the
// state it is handed out in.
package yieldonce

import "github.com/futurelings/futurelings/core"

type YieldOnce[T any] struct {
	byState map[string]T
	yielded bool
}

func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{byState: map[string]T{"yielded": v}}
}

func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	v, ok := y.byState["yielded"]
	if !ok {
		panic("yieldonce: polled after completion")
	}
	delete(y.byState, "yielded")
	return core.Ready(v)
}
