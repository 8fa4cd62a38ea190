// Wrong for this exercise, though it runs: each state is a closure, so
// what a state keeps is hidden in captured variables that neither a reader
// nor the checks can see. The exercise asks for states declared as types.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// step does one state's work: the next state, and a result when it has to
// stop (Pending) or is finished (Ready).
type step func(cx *core.Context) (next step, name string, p core.Poll[uint32], stop bool)

type AddSlowly struct {
	name string
	next step
}

func NewAddSlowly(a, b uint32) *AddSlowly {
	return &AddSlowly{name: "Start", next: startState(a, b)}
}

func startState(a, b uint32) step {
	return func(*core.Context) (step, string, core.Poll[uint32], bool) {
		return yieldingA(b, yieldonce.NewYieldOnce(a)), "YieldingA", core.Poll[uint32]{}, false
	}
}

func yieldingA(b uint32, fut *yieldonce.YieldOnce[uint32]) step {
	var self step
	self = func(cx *core.Context) (step, string, core.Poll[uint32], bool) {
		x, ok := fut.Poll(cx).Value()
		if !ok {
			return self, "YieldingA", core.Pending[uint32](), true
		}
		return yieldingB(x, yieldonce.NewYieldOnce(b)), "YieldingB", core.Poll[uint32]{}, false
	}
	return self
}

func yieldingB(x uint32, fut *yieldonce.YieldOnce[uint32]) step {
	var self step
	self = func(cx *core.Context) (step, string, core.Poll[uint32], bool) {
		y, ok := fut.Poll(cx).Value()
		if !ok {
			return self, "YieldingB", core.Pending[uint32](), true
		}
		return nil, "Done", core.Ready(x + y), true
	}
	return self
}

func (f *AddSlowly) String() string { return f.name }

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		if f.next == nil {
			panic("addslowly: AddSlowly polled after completion")
		}
		next, name, p, stop := f.next(cx)
		f.next, f.name = next, name
		if stop {
			return p
		}
	}
}
