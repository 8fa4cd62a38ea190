// Package core is the small futures runtime every futurelings exercise
// programs against. It spells out in Go what Rust's async machinery keeps
// out of sight, so the pieces can be read, stepped through and measured.
//
// # A future is a value you poll
//
// A [Future] is anything with a Poll method. Each call asks "are you done
// yet?" and gets one of two answers, a [Poll] value:
//
//   - [Ready](v): finished, and here is the result. Never poll it again.
//   - [Pending]: not yet. Before saying so, the future must arrange for its
//     [Waker] to be called once progress is possible, or nobody will ever
//     poll it again.
//
// A future does nothing on its own. Work only happens inside Poll, and Poll
// must return quickly: it runs one step and hands control back to whoever
// polled it. Rust's Poll::Ready(v) and Poll::Pending are core.Ready(v) and
// core.Pending[T]() here, and its cx.waker().wake_by_ref() is
// cx.Waker().Wake().
//
// # Wakers and contexts
//
// The poller passes a [Context] to every Poll. Its [Context.Waker] is how a
// pending future says "poll me again". [WakerFunc] turns a plain func into a
// Waker and [NewContext] wraps one into a Context, which is all a test or a
// home-made executor needs.
//
// # Executors
//
// An executor is the loop that polls. [PollToCompletion] is the smallest
// useful one: poll, and when the answer is Pending wait for a wake and poll
// again, until Ready. It also diagnoses the two classic mistakes instead of
// hanging: Pending returned with no wake-up arranged (a lost wake-up,
// [ErrLostWakeup]), and a future that keeps asking to be polled but never
// finishes ([ErrTooManyPolls]).
//
// # State machines
//
// A future that has to wait several times keeps track of where it is between
// polls. Written by hand, that is a state machine: a value that records the
// current state and everything still needed from it, and a Poll that resumes
// from that state, moves to the next one, and returns Pending whenever a
// sub-future does. Rust's compiler writes essentially this for every async
// fn, though not exactly: its future also has a Panicked state (for a body
// that panicked and must not be resumed), keeps the async fn's arguments in
// every state, and a second copy of those the body still reads after an
// .await (rust-lang/rust#62958), lets locals that are never alive at the
// same time share bytes, and polls the sub-future it awaits where it lies,
// inside the future, through an unsafe Pin::new_unchecked, which is sound
// only because the future itself is pinned. In Go, the course has you write
// it yourself. To see what rustc makes of an async fn,
// RUSTC_BOOTSTRAP=1 rustc --edition 2021 -Zunpretty=hir prints its body
// lowered into a loop of polls and yields, and -Zprint-type-sizes the layout
// of its future, state by state (cargo expand shows neither: it runs before
// async is lowered). The course's repository keeps that output for the
// lesson's functions in checker/rustref/out/.
//
// # Pin, and why Go needs none
//
// Rust polls a future through Pin<&mut Self>. Pin is a promise that the
// future will not move in memory again until it is dropped. Compiler-made
// futures need it: a local that lives across an .await is a field of the
// future, and a reference to it, held across the same .await, is a pointer
// into the future itself; moving the future would leave that pointer behind.
// A Go future needs no such promise. Go's garbage collector never moves heap
// objects, and when the runtime moves a goroutine's stack to grow it, it
// fixes up every pointer into that stack. So a pointer never dangles in Go:
// a struct that points into itself and is then copied still points into the
// old copy, which is a bug, but a bug that reads stale data, not freed
// memory. (Being behind a pointer is not what spares Go the promise: a Rust
// Box<dyn Future> is behind a pointer too, and cannot be polled until it is
// pinned, as a Pin<Box<dyn Future>> made with Box::pin or Box::into_pin.)
//
// # Async and Await
//
// [Async] and [Await] show the other side: sequential code that suspends at
// each Await of a pending future, as an async fn does at each .await. They
// run the body on a coroutine (see [iter.Pull]), so a suspended Async future
// keeps a whole goroutine stack alive, while a hand-written state machine
// keeps only its fields. The benchmarks in this package measure both
// (go test -run '^$' -bench . -benchmem ./core/): on 64-bit Linux a
// suspended Async task costs about 3 KB against a few dozen bytes (more
// where goroutine stacks start bigger: 8 KB on Windows), and a poll
// costs hundreds of nanoseconds against a few tens at most. An Async future abandoned before it finishes is unwound when the
// garbage collector finds it, or at once with [Drop].
//
// # Watching a future run
//
// A [Recorder] polls a future one step at a time with a counting waker and
// records every step: the result, the wakes, and the state's name before and
// after when the future implements [fmt.Stringer]. Its [Recorder.Trace] prints
// the transitions poll by poll.
package core
