// Wrong: YieldingB keeps b beside the YieldOnce that was made from it, the
// copy rustc keeps too: after the second await nothing reads b again.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type state interface{ name() string }

type startState struct{ a, b uint32 }
type yieldingA struct {
	b   uint32
	fut yieldonce.YieldOnce[uint32]
}
type yieldingB struct {
	x, b uint32
	fut  yieldonce.YieldOnce[uint32]
}
type doneState struct{}

func (*startState) name() string { return "Start" }
func (*yieldingA) name() string  { return "YieldingA" }
func (*yieldingB) name() string  { return "YieldingB" }
func (*doneState) name() string  { return "Done" }

type AddSlowly struct{ st state }

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{st: &startState{a, b}} }

func (f *AddSlowly) String() string { return f.st.name() }

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.st.(type) {
		case *startState:
			f.st = &yieldingA{b: s.b, fut: *yieldonce.NewYieldOnce(s.a)}
		case *yieldingA:
			x, ok := s.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.st = &yieldingB{x: x, b: s.b, fut: *yieldonce.NewYieldOnce(s.b)}
		case *yieldingB:
			y, ok := s.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.st = &doneState{}
			return core.Ready(s.x + y)
		default:
			panic("AddSlowly polled after completion")
		}
	}
}
