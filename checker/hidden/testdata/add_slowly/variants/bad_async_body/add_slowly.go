// Wrong: a core.Async body does the work and a field only names the state
// for String, so nothing about the states is written by hand.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type AddSlowly struct {
	name string
	fut  core.Future[uint32]
}

func NewAddSlowly(a, b uint32) *AddSlowly {
	f := &AddSlowly{name: "Start"}
	f.fut = core.Async(func(aw *core.Awaiter) uint32 {
		f.name = "YieldingA"
		x := core.Await[uint32](aw, yieldonce.NewYieldOnce(a))
		f.name = "YieldingB"
		y := core.Await[uint32](aw, yieldonce.NewYieldOnce(b))
		f.name = "Done"
		return x + y
	})
	return f
}

func (f *AddSlowly) String() string { return f.name }

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	if f.name == "Done" {
		panic("addslowly: AddSlowly polled after completion")
	}
	return f.fut.Poll(cx)
}
