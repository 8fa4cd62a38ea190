// Package addslowly, wrong: once x is known it runs the YieldOnce of b to its
// end inside the poll with an executor of its own, then fakes the last await.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	polltocompletion "github.com/futurelings/futurelings/exercises/1_futures/poll_to_completion"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

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

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{state: Start{a, b}} }

func (f *AddSlowly) String() string {
	switch f.state.(type) {
	case Start:
		return "Start"
	case YieldingA:
		return "YieldingA"
	case YieldingB:
		return "YieldingB"
	}
	return "Done"
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.state.(type) {
		case Start:
			f.state = YieldingA{B: s.B, Fut: yieldonce.NewYieldOnce(s.A)}
		case YieldingA:
			x, ok := s.Fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			y, _ := polltocompletion.PollToCompletion[uint32](yieldonce.NewYieldOnce(s.B))
			fut := yieldonce.NewYieldOnce(y)
			f.state = YieldingB{X: x, Fut: fut}
		case YieldingB:
			y, ok := s.Fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = Done{}
			return core.Ready(s.X + y)
		default:
			panic("addslowly: polled after completion")
		}
	}
}
