// Wrong: keeps the cx of the first poll and polls both YieldOnces with it
// ever after, so a new waker given on a later poll is never woken.
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
	cx    *core.Context
}

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{ax: a, b: b} }

func (f *AddSlowly) String() string {
	return [...]string{"Start", "YieldingA", "YieldingB", "Done"}[f.stage]
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	if f.cx != nil {
		cx = f.cx
	}
	for {
		switch f.stage {
		case 0:
			f.cx = cx
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
