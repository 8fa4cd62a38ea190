// Wrong: after creating the YieldOnce of b it returns Pending without
// polling it, so nothing wakes the waker.
//
// Package addslowly is the lesson's add_slowly, written out by hand as the
// state machine that Rust's compiler makes of
//
//	async fn add_slowly(a: u32, b: u32) -> u32 {
//	    let x = yield_once(a).await;
//	    let y = yield_once(b).await;
//	    x + y
//	}
//
// # One state per place the function can stop
//
// Every .await is a point where the function may have to stop, return
// Pending to its caller, and carry on from the same spot at the next poll.
// Nothing runs between polls, so whatever the rest of the function still
// needs must be stored in the future itself. That gives four states:
//
//	Start      holds a and b          nothing has run yet
//	YieldingA  holds b and Fut        stopped at the first .await; Fut is YieldOnce(a)
//	YieldingB  holds x and Fut        stopped at the second .await; Fut is YieldOnce(b)
//	Done       holds nothing          the sum has been returned
//
// Each state keeps only what is needed from there on. Once x is known, a is
// never read again, so YieldingB has no field for it; b is only needed until
// its YieldOnce exists. That is why a state machine is small: it never holds
// more than the widest state.
//
// # Rust's enum, Go's sealed interface
//
// Rust stores the states as the variants of one enum and the future is that
// enum. Go has no enums that carry data, so each variant is a struct of its
// own, and the interface state stands for "one of these four". Its method is
// unexported, so no type outside this package can pose as a state: the set
// is closed, like an enum's. The future, AddSlowly, holds the current state
// in a field:
//
//	Rust                                         Go
//	enum AddSlowly { Start { a, b }, ... }        type Start struct{ A, B uint32 }, ...
//	                                              held in AddSlowly.state
//	match self { AddSlowly::YieldingA { .. } => } switch s := f.state.(type) { case YieldingA: }
//	*self = AddSlowly::YieldingB { x, fut }       f.state = YieldingB{X: x, Fut: fut}
//	loop { match self { ... } }                   for { switch s := f.state.(type) { ... } }
//	panic!("polled after completion")             panic("... polled after completion")
//
// # What to write
//
// Poll, and nothing else. Follow the diagram in the lesson: look at the
// current state, do what that state waits for, move to the next state, and
// either keep going or return.
//
//   - Start: create the YieldOnce for a and move to YieldingA. Nothing can be
//     Pending yet, so do not return: go round the loop and poll it at once.
//   - YieldingA: poll Fut with the cx you were given. Pending means return
//     Pending (the YieldOnce has already woken the waker). Ready(x) means
//     move to YieldingB with x and a new YieldOnce for b, and go round again.
//   - YieldingB: poll Fut. Pending means return Pending. Ready(y) means move
//     to Done and return Ready(x + y).
//   - Done: a finished future must never be polled again; panic with a
//     message that says it was polled after completion.
//
// Three polls in all: Pending, Pending, Ready. Go's uint32 addition wraps
// around past 4294967295 (Rust's would panic in a debug build); the checks
// expect the wrapped sum.
//
// The state types, NewAddSlowly and String are given. If you would rather
// store the state another way (a tag field and a switch, say), you may, but
// keep String naming the same four states: the checks read the states
// through it.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// state is one of Start, YieldingA, YieldingB or Done. The unexported method
// seals the set and gives each state the name String reports.
type state interface {
	stateName() string
}

// Start is the state before the first poll: the two arguments, untouched.
type Start struct {
	A, B uint32
}

// YieldingA waits for the YieldOnce of a. It keeps b for the second step.
type YieldingA struct {
	B   uint32
	Fut *yieldonce.YieldOnce[uint32]
}

// YieldingB waits for the YieldOnce of b. It keeps x, the value of a that
// the first YieldOnce returned, for the final addition.
type YieldingB struct {
	X   uint32
	Fut *yieldonce.YieldOnce[uint32]
}

// Done is the state after Ready has been returned.
type Done struct{}

func (Start) stateName() string     { return "Start" }
func (YieldingA) stateName() string { return "YieldingA" }
func (YieldingB) stateName() string { return "YieldingB" }
func (Done) stateName() string      { return "Done" }

// AddSlowly is a future of a + b that yields once for each operand, the way
// add_slowly's two .awaits do.
type AddSlowly struct {
	state state
}

// NewAddSlowly returns the future in its Start state. Nothing runs until it
// is polled.
func NewAddSlowly(a, b uint32) *AddSlowly {
	return &AddSlowly{state: Start{A: a, B: b}}
}

// String names the current state ("Start", "YieldingA", "YieldingB" or
// "Done"), so a trace can show the transitions.
func (f *AddSlowly) String() string {
	if f.state == nil {
		return "no state"
	}
	return f.state.stateName()
}

// Poll moves the state machine as far as it can go without waiting.
func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.state.(type) {
		case Start:
			// Nothing to wait for yet: create the first sub-future and go
			// straight on to poll it.
			f.state = YieldingA{B: s.B, Fut: yieldonce.NewYieldOnce(s.A)}
		case YieldingA:
			x, ok := s.Fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			// a is spent; from here on only x and b matter.
			f.state = YieldingB{X: x, Fut: yieldonce.NewYieldOnce(s.B)}
			return core.Pending[uint32]()
		case YieldingB:
			y, ok := s.Fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = Done{}
			return core.Ready(s.X + y)
		case Done:
			panic("addslowly: AddSlowly polled after completion")
		default:
			panic("addslowly: AddSlowly has no state; create it with NewAddSlowly")
		}
	}
}
