// Package selectfirst is about racing two futures: the state machine behind
// Rust's select!, which finishes as soon as either future does, and
// cancels the other.
//
//	tokio::select! {
//	    v = fetch() => println!("fetched {v}"),
//	    _ = sleep(Duration::from_secs(1)) => println!("too slow"),
//	}
//
// (The package is not called select: that word is taken by Go.)
//
// # The first to finish wins
//
// A Select owns two futures and polls them in turn, each with the cx it was
// given. The first one to return Ready is the winner: the Select is Ready
// with its value, and which of the two it came from. While both are
// Pending, so is the Select (each has arranged its own wake-up).
//
// Once one side has won, the other is not polled again, not even later in
// the same poll: any work it did in that poll would be thrown away with it.
// When both could finish in the same poll, the order of polling decides.
// This Select always polls a first, so a wins a tie. That is what tokio's
// select! does with `biased;` and what futures' select_biased! does. Without
// them, both macros pick the order at random, so that a branch that is
// always ready cannot starve the others; a fixed order keeps the checks
// deterministic.
//
// # The loser is dropped, and dropping is cancelling
//
// A Rust future cannot be told "stop". Its owner drops it instead, and that
// is the cancellation: the future's drop code runs, at whatever state it
// had reached, and it is never polled again. tokio's select! drops the
// branches that did not finish when it completes: the loser's half-done
// work is abandoned, and its cleanup (closing a connection, giving back a
// slot, removing a timer) runs right then. (futures' select! drops only the
// futures it made itself, not one you lend it by name, and
// futures::future::select, the function, hands the loser back to you.)
//
// Go runs no drop code on its own, so core makes it explicit: core.Drop(f)
// cancels f. It calls the Drop method of a hand-written future that has one
// (see core.Dropper), and unwinds a core.Async future, running its deferred
// calls. The loser may be in any state when it loses: never polled at all
// (a won on the very first poll), half-way, or about to finish. Drop it in
// every case, exactly once, right away (not on a goroutine: the cleanup is
// done by the time the Select returns Ready), and do not poll it afterwards.
// Dropping the finished winner too is harmless, as long as it is once:
// tokio's select! drops all its branches when it is done.
//
// A future that owns other futures must pass a Drop on, because Go will
// not do it for it (Rust drops a value's fields with it). So a Select that
// is itself dropped before either side has won drops both sides; one that
// has finished has already dropped its loser, and must not drop it again.
//
// # What to write
//
//  1. Poll: poll a, then b, and stop at the first that is Ready. Drop the
//     other one with core.Drop, and return Ready with the winner's value
//     (Either{IsA: true, A: v} when a wins, Either{B: v} when b does).
//     Pending when neither is Ready. A Select polled after it returned
//     Ready panics with a message that says it was polled after completion.
//  2. Drop: when the Select is dropped before it has a winner, drop both
//     sides. After it has finished, do nothing more.
//
// futurelings trace select polls a Select the way an executor would and
// prints, for each poll, which side it polled, what that side said, when the
// loser was dropped, and what the Select holds afterwards.
package selectfirst

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// Either is what a Select returns: which future won, and its value.
type Either[A, B any] struct {
	IsA bool // a won; otherwise b did
	A   A    // a's value, when IsA
	B   B    // b's value, when !IsA
}

// String prints the winner: A(7) or B("seven").
func (e Either[A, B]) String() string {
	if e.IsA {
		return fmt.Sprintf("A(%#v)", e.A)
	}
	return fmt.Sprintf("B(%#v)", e.B)
}

// Select is a future of whichever of two futures finishes first.
type Select[A, B any] struct {
	a core.Future[A]
	b core.Future[B]

	// TODO: what else must a Select remember?
}

// NewSelect returns a Select of a and b, which it takes over: from now on
// it polls them, and it drops the one that loses. Nothing is polled until
// the Select is.
func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

// Poll polls a, then b, and is Ready with the first value it gets.
func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	// TODO: poll a, then b; the first Ready wins. Drop the loser with
	// core.Drop before returning. As shipped, Select polls neither.
	return core.Pending[Either[A, B]]()
}

// Drop cancels the Select: core.Drop calls it when the Select's own owner
// gives up on it.
func (s *Select[A, B]) Drop() {
	// TODO: before a winner, drop both sides; after, nothing is left to
	// drop.
}

// A Select can be dropped with core.Drop, which calls its Drop method.
var _ core.Dropper = (*Select[int, int])(nil)
