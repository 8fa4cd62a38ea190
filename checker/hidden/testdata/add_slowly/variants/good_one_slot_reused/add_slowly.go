package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Correct: one struct with a tag; one uint32 slot reused: b before the first Ready, x after.
type AddSlowly struct {
	tag  uint8
	a    uint32
	keep uint32
	fut  *yieldonce.YieldOnce[uint32]
}

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{a: a, keep: b} }

func (f *AddSlowly) String() string {
	return [...]string{"Start", "YieldingA", "YieldingB", "Done"}[f.tag]
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch f.tag {
		case 0:
			f.fut, f.a, f.tag = yieldonce.NewYieldOnce(f.a), 0, 1
		case 1:
			x, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.fut, f.keep, f.tag = yieldonce.NewYieldOnce(f.keep), x, 2
		case 2:
			y, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.fut, f.tag = nil, 3
			return core.Ready(f.keep + y)
		default:
			panic("addslowly: polled after completion")
		}
	}
}
