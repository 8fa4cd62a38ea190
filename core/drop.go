package core

// Dropper is implemented by a future that has something to release or undo
// when its owner gives up on it: a slot it holds, a registration it made, a
// sub-future it owns. [Drop] calls its Drop method.
//
// This is Rust's Drop trait for futures, and it is how cancellation works
// there: nothing tells a future "stop"; its owner simply drops it, at
// whatever state it was in, and the future's drop code cleans up from that
// state. Rust runs drop code on its own when a value goes out of scope, and
// drops a value's fields with it. Go runs nothing on its own, so here the
// owner calls [Drop], and a future that owns other futures passes the Drop
// on to each of those it has not finished.
//
// Drop is called at most once per future by a correct owner, and never
// followed by a poll. It may come in any state: before the first poll,
// while suspended, or after Ready. It must not block, and it has no
// context, so it cannot return Pending or ask to be polled again: it cleans
// up at once. (It may still wake other tasks whose wakers it holds, as
// dropping the sending side of a channel wakes the task waiting to
// receive.)
type Dropper interface {
	Drop()
}

// dropper is implemented by core's own futures ([Async]) that hold
// resources to release when they are abandoned before completion.
type dropper interface {
	drop()
}

// Drop abandons f: its owner will never poll it again. It is the one way to
// cancel a future, whatever kind it is.
//
//   - A future that implements [Dropper] gets its Drop method called.
//   - An unfinished [Async] future has its body unwound: the future it is
//     suspended on is dropped first, then the body's deferred calls run, and
//     its coroutine ends now rather than when the garbage collector notices.
//     Polling it afterwards panics.
//   - Any other future has nothing to clean up, and Drop does nothing.
//
// Dropping an Async future twice, or a finished one, is harmless; a
// hand-written Dropper need not be ready for a second Drop.
func Drop[T any](f Future[T]) {
	switch d := any(f).(type) {
	case Dropper:
		d.Drop()
	case dropper:
		d.drop()
	}
}
