package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Wrong: x is parked in a package-level map between the polls.
var parked = map[*AddSlowly]uint32{}

type AddSlowly struct {
	tag  uint8
	a, b uint32
	fut  *yieldonce.YieldOnce[uint32]
}

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{a: a, b: b} }

func (f *AddSlowly) String() string {
	return [...]string{"Start", "YieldingA", "YieldingB", "Done"}[f.tag]
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch f.tag {
		case 0:
			f.fut, f.tag = yieldonce.NewYieldOnce(f.a), 1
			f.a = 0
		case 1:
			x, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			parked[f] = x
			f.fut, f.tag = yieldonce.NewYieldOnce(f.b), 2
			f.b = 0
		case 2:
			y, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.tag, f.fut = 3, nil
			x := parked[f]
			delete(parked, f)
			return core.Ready(x + y)
		default:
			panic("addslowly: polled after completion")
		}
	}
}
