// Package addslowly: AddSlowly as one struct with a tag, in the style of a
// C state machine. Like the variants of Rust's enum, the states share the
// struct's slots: ax holds a in Start and x in YieldingB, and a slot that is
// no longer needed is cleared at once.
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

// AddSlowly keeps the slots the states share; stage says which are live.
type AddSlowly struct {
	stage stage
	ax    uint32 // a in Start, x in YieldingB
	b     uint32 // Start and YieldingA
	fut   yieldonce.YieldOnce[uint32]
}

// NewAddSlowly returns the future in its Start state.
func NewAddSlowly(a, b uint32) *AddSlowly {
	return &AddSlowly{stage: stageStart, ax: a, b: b}
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
			f.fut, f.ax = *yieldonce.NewYieldOnce(f.ax), 0 // a moves into the sub-future
			f.stage = stageYieldingA
		case stageYieldingA:
			p := f.fut.Poll(cx)
			if p.IsPending() {
				return p
			}
			f.ax = p.Unwrap()
			f.fut, f.b = *yieldonce.NewYieldOnce(f.b), 0 // so does b
			f.stage = stageYieldingB
		case stageYieldingB:
			p := f.fut.Poll(cx)
			if p.IsPending() {
				return p
			}
			f.stage = stageDone
			return core.Ready(f.ax + p.Unwrap())
		default:
			panic("AddSlowly polled after completion")
		}
	}
}
