// Wrong: a tagged struct that keeps a after the first await, and a second
// copy of b after the second: each state holds more than it still needs.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type stage uint8

const (
	stageStart stage = iota
	stageYieldingA
	stageYieldingB
	stageDone
)

// AddSlowly keeps every field any state needs; stage says which are live.
type AddSlowly struct {
	stage stage
	a, b  uint32 // Start
	x     uint32 // YieldingB
	fut   *yieldonce.YieldOnce[uint32]
}

// NewAddSlowly returns the future in its Start state.
func NewAddSlowly(a, b uint32) *AddSlowly {
	return &AddSlowly{stage: stageStart, a: a, b: b}
}

// String names the current state.
func (f *AddSlowly) String() string {
	return [...]string{"Start", "YieldingA", "YieldingB", "Done"}[f.stage]
}

// Poll runs the transitions.
func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch f.stage {
		case stageStart:
			f.fut = yieldonce.NewYieldOnce(f.a)
			f.stage = stageYieldingA
		case stageYieldingA:
			p := f.fut.Poll(cx)
			if p.IsPending() {
				return p
			}
			f.x = p.Unwrap()
			f.fut = yieldonce.NewYieldOnce(f.b)
			f.stage = stageYieldingB
		case stageYieldingB:
			p := f.fut.Poll(cx)
			if p.IsPending() {
				return p
			}
			f.fut = nil
			f.stage = stageDone
			return core.Ready(f.x + p.Unwrap())
		default:
			panic("AddSlowly polled after completion")
		}
	}
}
