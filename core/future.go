package core

import "sync/atomic"

// Future is a computation that finishes later. Poll advances it as far as it
// can without blocking and reports whether it is done. After Poll has
// returned Ready, the future must not be polled again.
type Future[T any] interface {
	Poll(cx *Context) Poll[T]
}

// FutureFunc adapts a plain function to the [Future] interface.
type FutureFunc[T any] func(cx *Context) Poll[T]

// Poll calls f(cx).
func (f FutureFunc[T]) Poll(cx *Context) Poll[T] { return f(cx) }

// Waker is how a pending future asks to be polled again. Calling Wake tells
// the executor that polling may now make progress. Wake may be called from
// any goroutine, more than once, and after the poll that stored it returned.
type Waker interface {
	Wake()
}

// WakerFunc adapts a plain function to the [Waker] interface.
type WakerFunc func()

// Wake calls f().
func (f WakerFunc) Wake() { f() }

// Context is what an executor hands to every Poll. Today it carries only the
// waker, which is also all that stable Rust's Context gives out (nightly Rust
// adds a local waker and extension data).
type Context struct {
	waker Waker
}

// NewContext returns a Context whose waker is w. A nil w gets a waker that
// does nothing.
func NewContext(w Waker) *Context {
	if w == nil {
		w = NoopWaker()
	}
	return &Context{waker: w}
}

// Waker returns the waker of the task being polled.
func (cx *Context) Waker() Waker { return cx.waker }

// NoopWaker returns a waker whose Wake does nothing.
func NoopWaker() Waker { return WakerFunc(func() {}) }

// CountingWaker is a Waker that counts its wakes. It is safe to call from
// several goroutines. Tests and the [Recorder] use it.
type CountingWaker struct {
	n atomic.Int64
}

// Wake adds one to the count.
func (w *CountingWaker) Wake() { w.n.Add(1) }

// Count returns how many times Wake has been called.
func (w *CountingWaker) Count() int { return int(w.n.Load()) }
