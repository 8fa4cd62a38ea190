// Package ready is the first exercise: the simplest future there is, one
// that already has its answer.
//
// # What a future is
//
// A future is a value that will produce a result, possibly later. You do
// not call it and wait; you poll it. Each call of Poll asks "are you done?"
// and gets one of two answers, a core.Poll[T]:
//
//   - core.Ready(v): done, and v is the result;
//   - core.Pending[T](): not yet, poll me again later.
//
// Every Poll receives a *core.Context from whoever is polling (the
// executor). Its waker, cx.Waker(), is how a future that said Pending asks
// to be polled again. A future that is ready straight away never needs it.
//
// # This exercise
//
// ReadyFuture is made with a value and is done from the start: its first
// poll returns core.Ready with that value. Nothing to wait for, nobody to
// wake.
//
// In Rust this is std::future::ready(v), whose type is, in essence,
//
//	struct Ready<T>(Option<T>);
//
//	impl<T> Unpin for Ready<T> {}
//
//	impl<T> Future for Ready<T> {
//	    type Output = T;
//	    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
//	        Poll::Ready(self.0.take().expect("polled after completion"))
//	    }
//	}
//
// (The Unpin line says that moving a Ready is harmless, whatever T is; it
// is what lets poll reach self.0 through the Pin. Lesson 3's pinned
// exercise says more.)
//
// core.Poll[T] plays the part of Rust's Poll<T>, and the Go method
// Poll(cx *core.Context) core.Poll[T] the part of fn poll. A type with that
// method is a core.Future[T], as a Rust type that implements Future is.
//
// # What to write
//
//   - a field in ReadyFuture that keeps the value;
//   - NewReady, which stores v there;
//   - Poll, which returns it with core.Ready.
//
// A future must not be polled again once it has returned Ready. Rust's
// version panics if it is; yours may do the same or simply return the value
// again. The checks poll each ReadyFuture once.
//
// futurelings trace ready polls your ReadyFuture the way an executor would
// and prints its fields and what its poll returned.
package ready

import "github.com/futurelings/futurelings/core"

// ReadyFuture is a future whose first poll is Ready with the value it was
// made with.
type ReadyFuture[T any] struct {
	// TODO: keep the value here.
}

// NewReady returns a future that is Ready with v on its first poll.
func NewReady[T any](v T) *ReadyFuture[T] {
	// TODO: store v in the ReadyFuture.
	return &ReadyFuture[T]{}
}

// Poll returns Ready with the value given to NewReady.
func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	// TODO: this says "not done yet", but a ReadyFuture is done from the
	// start. Return the value with core.Ready instead.
	return core.Pending[T]()
}
