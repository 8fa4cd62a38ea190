// Package addslowly is the lesson's add_slowly written out by hand as a
// state machine, and this time you design the states:
//
//	async fn add_slowly(a: u32, b: u32) -> u32 {
//	    let x = yield_once(a).await;
//	    let y = yield_once(b).await;
//	    x + y
//	}
//
// In fetch_data the states were given. Here deciding what each one holds is
// the exercise, because that decision is what makes a state machine small.
//
// # Where the function can stop
//
// Each .await is a place where the function may have to return Pending and
// carry on from the same spot at the next poll. Nothing runs between two
// polls, so whatever the rest of the function will still read has to be
// kept in the future. There are four states, named as in the lesson:
//
//	Start      nothing has run yet
//	YieldingA  stopped at the first .await, waiting for YieldOnce(a)
//	YieldingB  stopped at the second .await, waiting for YieldOnce(b)
//	Done       the sum has been handed out
//
// For each of them, ask: from here to the end of the function, which values
// are still read? Keep those and nothing else. A value that was moved into a
// sub-future belongs to that sub-future now; a value that will never be read
// again is memory every suspended future would carry for nothing.
//
// # The ideal, and what rustc really builds
//
// The lesson's diagram is the ideal: each state holds only what is still
// needed, the states share memory because only one is alive at a time, and
// the whole future is as big as its widest state plus a tag. With the
// lesson's YieldOnce<u32> (12 bytes, see yield_once) that ideal comes to 20
// bytes. rustc comes close but not all the way: rustc 1.95 keeps an async
// fn's arguments in every state, and one of them twice while it is
// suspended, so its add_slowly future is 32 bytes where widest state plus
// tag would give 20 (rust-lang/rust#62958, still open). Your Go version can
// reach the ideal, and the checks ask it to. Once it passes, the reference
// solution shows rustc's layout (RUSTC_BOOTSTRAP=1 rustc --edition 2021
// -Zprint-type-sizes) state by state, beside the ideal.
//
// # How to write states in Go
//
// Rust keeps the states as the variants of one enum. Go has no enum that
// carries data; two ways are common:
//
//   - one struct type per state, and an interface with an unexported method
//     that only those types have (a sealed set, like an enum's variants).
//     AddSlowly holds the current state in a field of that interface type,
//     and Poll switches on its type.
//   - one struct with a tag field saying which state is current, and slots
//     the states share, the way an enum's variants share bytes. Clear a slot
//     once its value has moved on, or reuse it for the next state's value.
//
// Either way, the states are values with fields, not closures: the checks
// read them.
//
// # What to write
//
//  1. The states and what each holds.
//  2. NewAddSlowly, which returns the future in Start; nothing runs yet.
//  3. String, which names the current state: "Start", "YieldingA",
//     "YieldingB" or "Done". futurelings trace and the checks read it.
//  4. Poll: a loop that looks at the current state, does what that state
//     waits for and moves to the next one, until it must return Pending or
//     is done. Start creates the first sub-future and goes straight on to
//     poll it. A waiting state polls its sub-future with the cx it was given:
//     Pending is returned as it is (the YieldOnce has already woken the
//     waker), Ready moves on. Done panics with a message that says it was
//     polled after completion.
//
// The sub-futures are your own YieldOnce from the yield_once exercise:
// yieldonce.NewYieldOnce(v). If yield_once does not pass, make it pass
// first. Three polls in all: Pending, Pending, Ready. Go's uint32 addition
// wraps around past 4294967295 (Rust's would panic in a debug build); the
// checks expect the wrapped sum.
//
// # What the checks look at
//
// Besides the polls and the sum, the checks look inside your future after
// each poll: the YieldOnce it awaits must be the one its state created, and
// the sum must come from what the YieldOnces return (the checks swap them for
// their own to see); after the first .await no field may still hold a, and
// after the second no field may hold a second copy of b. The whole future,
// with everything it points to, must fit a budget of three words, two
// uint32s and one YieldOnce. The trace (futurelings trace add_slowly) shows
// the states your future goes through.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// TODO: declare the states, each with the fields it needs from there on.

// AddSlowly is a future of a + b that yields once for each operand, the way
// add_slowly's two .awaits do.
type AddSlowly struct {
	// TODO: hold the current state.
}

// NewAddSlowly returns the future in its Start state. Nothing runs until it
// is polled.
func NewAddSlowly(a, b uint32) *AddSlowly {
	// TODO: start in Start, with what Start needs.
	return &AddSlowly{}
}

// String names the current state: "Start", "YieldingA", "YieldingB" or
// "Done".
func (f *AddSlowly) String() string {
	// TODO: name the current state.
	return "Start"
}

// Poll moves the state machine as far as it can go without waiting.
func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	// TODO: write the transitions. As shipped, Poll never leaves Start and
	// never wakes anyone.
	return core.Pending[uint32]()
}

// The sub-futures: delete this line once your Poll creates them.
var _ = yieldonce.NewYieldOnce[uint32]
