// Package addslowly: AddSlowly whose two waiting states are one generic
// type, told apart by a type parameter that is never stored.
package addslowly

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type (
	onA struct{}
	onB struct{}
)

type state interface{ name() string }

type start struct{ a, b uint32 }

// waiting is stopped at one .await: keep holds b while waiting on a, and x
// while waiting on b.
type waiting[Which any] struct {
	keep uint32
	fut  *yieldonce.YieldOnce[uint32]
}

type done struct{}

func (start) name() string { return "Start" }
func (waiting[Which]) name() string {
	return map[bool]string{true: "YieldingA", false: "YieldingB"}[isA[Which]()]
}
func (done) name() string { return "Done" }

func isA[Which any]() bool { _, ok := any(*new(Which)).(onA); return ok }

type AddSlowly struct{ s state }

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{s: start{a, b}} }

func (f *AddSlowly) String() string { return f.s.name() }

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.s.(type) {
		case start:
			f.s = waiting[onA]{keep: s.b, fut: yieldonce.NewYieldOnce(s.a)}
		case waiting[onA]:
			x, ok := s.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.s = waiting[onB]{keep: x, fut: yieldonce.NewYieldOnce(s.keep)}
		case waiting[onB]:
			y, ok := s.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.s = done{}
			return core.Ready(s.keep + y)
		default:
			panic("addslowly: AddSlowly polled after completion")
		}
	}
}
