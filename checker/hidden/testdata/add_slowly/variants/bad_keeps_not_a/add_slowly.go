// YieldingA keeps ^a beside b and the YieldOnce of a: a in disguise, which
// nothing reads again once the YieldOnce holds a.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type AddSlowly struct {
	stage uint8
	ax    uint32
	b     uint32
	fut   yieldonce.YieldOnce[uint32]
	notA  uint32
}

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{ax: a, b: b} }

func (f *AddSlowly) String() string {
	return [...]string{"Start", "YieldingA", "YieldingB", "Done"}[f.stage]
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch f.stage {
		case 0:
			f.notA = ^f.ax
			f.fut, f.ax = *yieldonce.NewYieldOnce(f.ax), 0
			f.stage = 1
		case 1:
			p := f.fut.Poll(cx)
			if p.IsPending() {
				return p
			}
			f.ax = p.Unwrap()

			f.fut, f.b = *yieldonce.NewYieldOnce(f.b), 0
			f.stage = 2
		case 2:
			p := f.fut.Poll(cx)
			if p.IsPending() {
				return p
			}
			f.stage = 3
			return core.Ready(f.ax + p.Unwrap())
		default:
			panic("AddSlowly polled after completion")
		}
	}
}
