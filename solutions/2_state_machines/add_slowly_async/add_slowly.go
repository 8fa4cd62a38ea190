package addslowlyasync

import "github.com/futurelings/futurelings/core"

// This file is given: the hand-written state machine from the add_slowly
// exercise, finished, so that AddSlowlyAsync has something to be measured
// against. You do not need to change it.

// state is one of Start, YieldingA, YieldingB or Done.
type state interface {
	stateName() string
}

// Start holds the two arguments; nothing has run yet.
type Start struct {
	A, B uint32
}

// YieldingA waits for the YieldOnce of a and keeps b for later.
type YieldingA struct {
	B   uint32
	Fut *YieldOnce[uint32]
}

// YieldingB waits for the YieldOnce of b and keeps x, the value of a.
type YieldingB struct {
	X   uint32
	Fut *YieldOnce[uint32]
}

// Done is the state after Ready.
type Done struct{}

func (Start) stateName() string     { return "Start" }
func (YieldingA) stateName() string { return "YieldingA" }
func (YieldingB) stateName() string { return "YieldingB" }
func (Done) stateName() string      { return "Done" }

// AddSlowly is add_slowly written out by hand, the state machine the lesson
// draws for the async fn: the ideal, which rustc's own comes close to.
type AddSlowly struct {
	state state
}

// NewAddSlowly returns the hand-written future in its Start state.
func NewAddSlowly(a, b uint32) *AddSlowly {
	return &AddSlowly{state: Start{A: a, B: b}}
}

// String names the current state.
func (f *AddSlowly) String() string {
	if f.state == nil {
		return "no state"
	}
	return f.state.stateName()
}

// Poll is Pending twice (once per YieldOnce) and then Ready(a + b).
func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.state.(type) {
		case Start:
			f.state = YieldingA{B: s.B, Fut: NewYieldOnce(s.A)}
		case YieldingA:
			x, ok := s.Fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = YieldingB{X: x, Fut: NewYieldOnce(s.B)}
		case YieldingB:
			y, ok := s.Fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = Done{}
			return core.Ready(s.X + y)
		case Done:
			panic("addslowlyasync: AddSlowly polled after completion")
		default:
			panic("addslowlyasync: AddSlowly has no state; create it with NewAddSlowly")
		}
	}
}
