package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Correct: each state's step calls Poll again when it moves on without waiting.
type Start struct{ A, B uint32 }
type YieldingA struct {
	B   uint32
	Fut *yieldonce.YieldOnce[uint32]
}
type YieldingB struct {
	X   uint32
	Fut *yieldonce.YieldOnce[uint32]
}
type Done struct{}

type AddSlowly struct{ state any }

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{state: &Start{a, b}} }

func (f *AddSlowly) String() string {
	switch f.state.(type) {
	case *Start:
		return "Start"
	case *YieldingA:
		return "YieldingA"
	case *YieldingB:
		return "YieldingB"
	}
	return "Done"
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	switch s := f.state.(type) {
	case *Start:
		f.state = &YieldingA{B: s.B, Fut: yieldonce.NewYieldOnce(s.A)}
		return f.Poll(cx)
	case *YieldingA:
		x, ok := s.Fut.Poll(cx).Value()
		if !ok {
			return core.Pending[uint32]()
		}
		f.state = &YieldingB{X: x, Fut: yieldonce.NewYieldOnce(s.B)}
		return f.Poll(cx)
	case *YieldingB:
		y, ok := s.Fut.Poll(cx).Value()
		if !ok {
			return core.Pending[uint32]()
		}
		f.state = Done{}
		return core.Ready(s.X + y)
	}
	panic("addslowly: polled after completion")
}
