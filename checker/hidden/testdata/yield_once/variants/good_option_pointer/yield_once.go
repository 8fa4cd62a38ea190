// Package yieldonce: a YieldOnce that mirrors Rust's Option<T> with a
// pointer that is taken (set to nil) when the value is handed over.
package yieldonce

import "github.com/futurelings/futurelings/core"

// YieldOnce is a future that is Pending once, then Ready with its value.
type YieldOnce[T any] struct {
	value   *T // nil once taken, like Option::take
	yielded bool
}

// NewYieldOnce returns a YieldOnce that is Ready with v on its second poll.
func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: &v}
}

// Poll is Pending once, then Ready.
func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[T]()
	}
	if y.value == nil {
		panic("yieldonce: polled after completion")
	}
	v := *y.value
	y.value = nil
	return core.Ready(v)
}
