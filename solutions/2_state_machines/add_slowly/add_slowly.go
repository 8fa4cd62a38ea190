// Package addslowly is the reference solution of the add_slowly exercise:
// the lesson's add_slowly written out by hand as a state machine whose states
// hold only what the rest of the function still needs,
//
//	async fn add_slowly(a: u32, b: u32) -> u32 {
//	    let x = yield_once(a).await;
//	    let y = yield_once(b).await;
//	    x + y
//	}
//
//	Start      holds a and b          nothing has run yet
//	YieldingA  holds b and Fut        stopped at the first .await; Fut is YieldOnce(a)
//	YieldingB  holds x and Fut        stopped at the second .await; Fut is YieldOnce(b)
//	Done       holds nothing          the sum has been returned
//
// Once YieldOnce(a) exists it holds a, so YieldingA has no field for it;
// once x is known, a is never read again; b is needed only until its
// YieldOnce exists. This is the ideal of the lesson's diagram. With the
// lesson's YieldOnce<u32> (12 bytes) the widest states hold a u32 and a
// YieldOnce, 16 bytes; one more for the tag, rounded up to a multiple of 4,
// makes 20.
//
// What rustc 1.95 really builds, as RUSTC_BOOTSTRAP=1 rustc --edition 2021
// -Zprint-type-sizes prints it on a 64-bit target:
//
//	print-type-size type: `{async fn body of add_slowly()}`: 32 bytes, alignment: 4 bytes
//	print-type-size     discriminant: 1 bytes
//	print-type-size     variant `Unresumed`: 8 bytes
//	print-type-size         upvar `.a`: 4 bytes, offset: 0 bytes, alignment: 4 bytes
//	print-type-size         upvar `.b`: 4 bytes
//	print-type-size     variant `Suspend0`: 31 bytes
//	print-type-size         upvar `.a`: 4 bytes, offset: 0 bytes, alignment: 4 bytes
//	print-type-size         upvar `.b`: 4 bytes
//	print-type-size         local `.b`: 4 bytes
//	print-type-size         padding: 8 bytes
//	print-type-size         local `.__awaitee`: 12 bytes, alignment: 4 bytes, type: YieldOnce<u32>
//	print-type-size     variant `Suspend1`: 31 bytes
//	print-type-size         upvar `.a`: 4 bytes, offset: 0 bytes, alignment: 4 bytes
//	print-type-size         upvar `.b`: 4 bytes
//	print-type-size         padding: 4 bytes
//	print-type-size         local `.x`: 4 bytes, alignment: 4 bytes
//	print-type-size         padding: 4 bytes
//	print-type-size         local `.__awaitee`: 12 bytes, alignment: 4 bytes, type: YieldOnce<u32>
//	print-type-size     variant `Returned`: 8 bytes
//	print-type-size     variant `Panicked`: 8 bytes
//
// Unresumed is Start, Suspend0 is YieldingA, Suspend1 is YieldingB and
// Returned is Done (Panicked is where a body that panicked ends up). The
// locals are the ideal's fields: b, then x, each beside the awaited
// YieldOnce (__awaitee). The upvars are the arguments, and rustc keeps them
// in every state, Returned and Panicked included; and while it waits for a,
// it holds b twice, as the argument and as the local the body moved it
// into. That makes its add_slowly future 32 bytes where widest state plus
// tag would give 20 (rust-lang/rust#62958, still open).
//
// The states are one struct type each, sealed by an unexported method so
// that the set is closed like an enum's variants:
//
//	Rust                                         Go
//	enum AddSlowly { Start { a, b }, ... }        type Start struct{ A, B uint32 }, ...
//	                                              held in AddSlowly.state
//	match self { AddSlowly::YieldingA { .. } => } switch s := f.state.(type) { case YieldingA: }
//	*self = AddSlowly::YieldingB { x, fut }       f.state = YieldingB{X: x, Fut: fut}
//	loop { match self { ... } }                   for { switch s := f.state.(type) { ... } }
//	panic!("polled after completion")             panic("... polled after completion")
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
