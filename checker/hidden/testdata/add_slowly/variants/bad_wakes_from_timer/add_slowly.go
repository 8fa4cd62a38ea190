// Package addslowly, wrong: it polls the YieldOnce of a with a waker of its
// own and wakes the real waker from a timer, after the poll.
package addslowly

import (
	"time"

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
			x, ok := s.Fut.Poll(core.NewContext(core.NoopWaker())).Value()
			if !ok {
				time.AfterFunc(time.Millisecond, cx.Waker().Wake)
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
