// Package yieldonce is the first state machine of lesson 2: a future that
// waits exactly once.
//
// # A machine that is always in one state
//
// Think of a vending machine. It waits, idle, until a coin goes in; then it
// waits for a button; then it drops the item; then it is idle again:
//
//	          coin in                  button pressed
//	┌──────┐ ─────────▶ ┌────────────┐ ─────────────▶ ┌──────────┐
//	│ Idle │            │ Paid       │                │ Dropping │
//	│      │            │ knows: the │                │ knows:   │
//	│      │            │ credit     │                │ the item │
//	└──────┘            └────────────┘                └────┬─────┘
//	   ▲                                                   │
//	   └──────────────────── item taken ───────────────────┘
//
// It is only ever in one of its states, and it moves on only when something
// happens: a button means nothing while it is Idle, a coin nothing while it
// is Dropping. And it remembers only what its current state needs: the
// credit while it is Paid, the item while it drops it, nothing at all while
// Idle.
//
// An async fn becomes a machine of the same kind. Its states are the places
// where it can stop, one per .await, plus "not started" and "finished"; the
// event that moves it on is a poll that finds what it was waiting for ready;
// and each state keeps only the values the rest of the function still needs.
// This lesson builds such machines by hand, starting with the smallest.
//
// # The idea
//
// YieldOnce stands in for one asynchronous operation, such as a read that is
// not ready the first time you ask but is the next time. Polled the first
// time, it is not done: it returns Pending. Polled the second time, it is
// done: it returns Ready with the value it was made with.
//
// Returning Pending comes with a duty. The executor only polls a pending
// future again when the future's waker is called, so before YieldOnce says
// "not yet" it must call cx.Waker().Wake(). Here the operation is "finished"
// as soon as it has yielded, so it wakes at once, during the first poll.
// Forget the wake and the executor would sleep forever.
//
// Even this small future is a state machine with two states, "not yielded
// yet" and "yielded", and it has to remember which one it is in between two
// calls of Poll. That memory lives in the struct's fields.
//
// # In Rust
//
// The lesson declares it as
//
//	struct YieldOnce<T> {
//	    value: Option<T>,
//	    yielded: bool,
//	}
//
// and its poll, roughly, does
//
//	if self.yielded {
//	    Poll::Ready(self.value.take().unwrap())
//	} else {
//	    self.yielded = true;
//	    cx.waker().wake_by_ref();
//	    Poll::Pending
//	}
//
// In Go, Poll::Ready(v) is core.Ready(v), Poll::Pending is core.Pending[T](),
// and cx.waker().wake_by_ref() is cx.Waker().Wake(). Rust's poll gets
// `self: Pin<&mut Self>`, two things at once. The &mut Self lets poll change
// the future; the Go equivalent is a pointer receiver, *YieldOnce[T], so that
// what one poll records is still there at the next. The Pin is a promise
// that the future will not be moved again, which futures made from an async
// fn rely on, because they may hold references into their own fields across
// an .await. Go has nothing like it and needs nothing like it: its garbage
// collector never moves a heap object, and when the runtime moves a
// goroutine's stack to grow it, it fixes up every pointer into the stack
// (go doc ./core says more).
//
// Go has no Option, and does not need one here: a field of type T holds the
// value, a bool says whether the future has yielded. In Rust the Option costs
// room: rustc 1.95 lays out the lesson's YieldOnce<u32> in 12 bytes, 8 for
// the Option (a tag and the u32) and 1 for the bool, rounded up to a multiple
// of 4 (RUSTC_BOOTSTRAP=1 rustc -Zprint-type-sizes prints it):
//
//	print-type-size type: `common::YieldOnce<u32>`: 12 bytes, alignment: 4 bytes
//	print-type-size     field `.value`: 8 bytes
//	print-type-size     field `.yielded`: 1 bytes
//	print-type-size     end padding: 3 bytes
//
// # What to write
//
//   - the fields of YieldOnce (the value is there already; what else must
//     it remember between polls?);
//   - NewYieldOnce, if your fields need setting up;
//   - Poll: on the first poll, remember that it has yielded, wake the waker
//     and return Pending; on the second, return Ready with the value.
//
// After a future has returned Ready, nobody may poll it again. What YieldOnce
// does if someone does is up to you; the checks never try it. (Rust's version
// panics on the unwrap of an empty Option, and a panic with the message
// "polled after completion" is a good choice here too.)
//
// futurelings trace yield_once polls your YieldOnce the way an executor
// would and prints its fields around each poll, with the wakes: the two
// states, side by side.
package yieldonce

import "github.com/futurelings/futurelings/core"

// YieldOnce is a future that is Pending once, then Ready with its value.
type YieldOnce[T any] struct {
	value T
	// TODO: add what YieldOnce must remember between two polls.
}

// NewYieldOnce returns a YieldOnce that will be Ready with v on its second
// poll.
func NewYieldOnce[T any](v T) *YieldOnce[T] {
	return &YieldOnce[T]{value: v}
}

// Poll is Pending (after waking the waker) on the first call and Ready with
// the value on the second.
func (y *YieldOnce[T]) Poll(cx *core.Context) core.Poll[T] {
	// TODO: this hands the value back on the very first poll, so the future
	// never yields. Make the first poll wake the waker and return Pending,
	// and the second one return the value.
	return core.Ready(y.value)
}
