// Package addslowly: AddSlowly with pointer states, each of which knows how
// to take its own step and says which state comes next.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type state interface {
	stateName() string
	// step does this state's work. It returns the next state, and done
	// when Poll should return res now.
	step(cx *core.Context) (next state, res core.Poll[uint32], done bool)
}

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

func (*Start) stateName() string     { return "Start" }
func (*YieldingA) stateName() string { return "YieldingA" }
func (*YieldingB) stateName() string { return "YieldingB" }
func (*Done) stateName() string      { return "Done" }

func (s *Start) step(*core.Context) (state, core.Poll[uint32], bool) {
	return &YieldingA{B: s.B, Fut: yieldonce.NewYieldOnce(s.A)}, core.Pending[uint32](), false
}

func (s *YieldingA) step(cx *core.Context) (state, core.Poll[uint32], bool) {
	if x, ok := s.Fut.Poll(cx).Value(); ok {
		return &YieldingB{X: x, Fut: yieldonce.NewYieldOnce(s.B)}, core.Pending[uint32](), false
	}
	return s, core.Pending[uint32](), true
}

func (s *YieldingB) step(cx *core.Context) (state, core.Poll[uint32], bool) {
	if y, ok := s.Fut.Poll(cx).Value(); ok {
		return &Done{}, core.Ready(s.X + y), true
	}
	return s, core.Pending[uint32](), true
}

func (s *Done) step(*core.Context) (state, core.Poll[uint32], bool) {
	panic("addslowly: polled after completion")
}

type AddSlowly struct {
	state state
}

func NewAddSlowly(a, b uint32) *AddSlowly {
	return &AddSlowly{state: &Start{A: a, B: b}}
}

func (f *AddSlowly) String() string { return f.state.stateName() }

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		next, res, done := f.state.step(cx)
		f.state = next
		if done {
			return res
		}
	}
}
