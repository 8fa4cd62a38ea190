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
// sub-future does. Rust's compiler writes exactly this for every async fn; in
// Go, the course has you write it yourself.
//
// # Async and Await
//
// [Async] and [Await] show the other side: sequential code that suspends at
// each Await of a pending future, as an async fn does at each .await. They
// run the body on a coroutine (see [iter.Pull]), so a suspended Async future
// keeps a whole goroutine stack alive, while a hand-written state machine
// keeps only its fields. The benchmarks in this package measure both
// (go test -run '^$' -bench . -benchmem ./core/): on a typical amd64
// machine a suspended Async task holds two to three kilobytes against a few
// dozen bytes, and a poll costs hundreds of nanoseconds against a few tens
// at most. An Async future abandoned before it finishes is unwound when the
// garbage collector finds it, or at once with [Drop].
//
// # Watching a future run
//
// A [Recorder] polls a future one step at a time with a counting waker and
// records every step: the result, the wakes, and the state's name before and
// after when the future implements [fmt.Stringer]. Its [Recorder.Trace] prints
// the transitions poll by poll.
package core
