// Package join is about running two futures at once inside one future:
// the state machine behind Rust's join!(a, b), which finishes when both
// have finished and hands back both results.
//
//	let (x, y) = join!(fetch_a(), fetch_b()).await;
//
// (That is std's join!, still unstable in rustc 1.95; the join! macros of
// tokio and of the futures crate do the same, and are used without the
// .await.)
//
// # Both at once, on one thread
//
// A Join owns two futures. Each time it is polled, it polls each of them
// that has not finished yet, with the same cx, so that either one can wake
// the task that owns the Join. It is Pending while either is Pending, and
// Ready with both results once the second one is done. No thread is added:
// the two make progress in turns, inside the polls of the one Join, which
// is what "concurrent but not parallel" means.
//
// Awaiting them one after the other would be different: b would not even
// start until a had finished. That is a sequence; a Join is both at once.
//
// # A finished side is never polled again
//
// A future that has returned Ready must not be polled again (it may panic,
// or worse, start over). The two sides seldom finish in the same poll, so
// the Join has to remember, for each side, whether it is done, and keep the
// result of the side that finished first until the other one does.
// Rust's join! keeps each side in a MaybeDone, an enum of the future while
// it runs, its output once it has finished, and nothing once the output has
// been handed on; here you choose your own fields.
//
// # Its size is the sum of its parts
//
// The lesson says a state machine is as big as its largest state. That
// holds for code that awaits one thing after another: only one sub-future
// is alive at a time, so the states can share memory. A Join keeps both
// sides alive at once, so nothing can overlap: it is as big as both
// futures together, plus their outputs and the flags that say who is done.
// rustc 1.95 shows it (RUSTC_BOOTSTRAP=1 rustc --edition 2021
// -Zprint-type-sizes). Take an async fn side whose future is 80 bytes. An
// async fn that awaits side(1) and then side(2) is 88 bytes: the two are
// never alive together, so they share bytes. join!(side(1), side(2)) keeps
// both in MaybeDones of 84 bytes each (the future or its output, and a tag
// saying which), 168 bytes for the pair: the two futures and their tags,
// side by side. The future join! builds around that pair is 352 bytes: it
// keeps the pair twice, once as what it captured and once as the local it
// moves it into, the way rustc keeps add_slowly's arguments beside their
// copies (rust-lang/rust#62958).
//
// To measure it in Go the Join must hold its futures by value, inside its
// own struct, as Rust's does, and not behind pointers or interfaces. That
// is what the type parameters are for: FA and FB are the futures' types
// (a struct, say), and PA and PB say that a *FA is a core.Future[A] and a
// *FB a core.Future[B]. So PA(&j.a) is the first future, polled in place,
// where it lies inside the Join. (In Rust that step is a pin projection,
// which the pinned exercise comes back to.) The output types cannot be
// inferred, so callers name them: NewJoin[int, string](a, b).
//
// # What to write
//
//  1. Add to Join the fields it needs besides the two futures: whether
//     each side has finished, its output once it has, and whether the Join
//     itself has returned Ready.
//  2. Poll: poll each side that has not finished yet and keep its output
//     when it is Ready. Return Ready(Pair{A: ..., B: ...}) once both have
//     finished, Pending otherwise (the side that is Pending has already
//     arranged its wake-up with your cx). Polling a Join after it returned
//     Ready is a bug in its caller: panic with a message that says it was
//     polled after completion.
//
// Keep the two futures in the fields a and b, by value: the checks measure
// the Join against the futures it holds.
//
// futurelings trace join polls a Join of two sides that finish at different
// polls and prints, for each poll, which side it polled, what that side
// said, and what the Join holds afterwards.
package join

import "github.com/futurelings/futurelings/core"

// Future says that a *F is a core.Future[T]: FA and FB are held by value,
// and polled through a pointer to where they lie.
type Future[F, T any] interface {
	*F
	core.Future[T]
}

// Pair holds the two results of a Join.
type Pair[A, B any] struct {
	A A
	B B
}

// Join is a future of both outputs of two futures, polled at the same time.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA // the first future, by value
	b FB // the second future, by value

	// TODO: what else must a Join remember between polls?
}

// NewJoin returns a Join of a and b, which it takes over. Nothing is polled
// until the Join is.
func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

// Poll polls each side that has not finished yet, and is Ready once both
// have.
func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	// TODO: poll each unfinished side in place (PA(&j.a).Poll(cx)), keep
	// what a finished one returned, and return Ready when both are done.
	// As shipped, Join polls neither and never finishes.
	return core.Pending[Pair[A, B]]()
}
