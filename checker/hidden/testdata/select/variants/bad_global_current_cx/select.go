// Package selectfirst: polls its sides with one relay waker that wakes the task
// polled last (a package variable), so with two Selects one task's wake goes to
// the other.
package selectfirst

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// Either is what a Select returns: which future won, and its value.
type Either[A, B any] struct {
	IsA bool // a won; otherwise b did
	A   A    // a's value, when IsA
	B   B    // b's value, when !IsA
}

// String prints the winner: A(7) or B("seven").
func (e Either[A, B]) String() string {
	if e.IsA {
		return fmt.Sprintf("A(%#v)", e.A)
	}
	return fmt.Sprintf("B(%#v)", e.B)
}

// A Select can be dropped with core.Drop, which calls its Drop method.
var _ core.Dropper = (*Select[int, int])(nil)

// WRONG: the sides get a context whose waker wakes "the task polled last",
// a package variable every Select's Poll overwrites: a side of one Select
// wakes another task, and its own task's wake-up is lost.
type Select[A, B any] struct {
	a    core.Future[A]
	b    core.Future[B]
	done bool
}

var (
	current *core.Context
	relay   = core.NewContext(core.WakerFunc(func() { current.Waker().Wake() }))
)

func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if s.done {
		panic("selectfirst: Select polled after completion")
	}
	current = cx
	if v, ok := s.a.Poll(relay).Value(); ok {
		s.done = true
		core.Drop(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: v})
	}
	if v, ok := s.b.Poll(relay).Value(); ok {
		s.done = true
		core.Drop(s.a)
		return core.Ready(Either[A, B]{B: v})
	}
	return core.Pending[Either[A, B]]()
}

func (s *Select[A, B]) Drop() {
	if s.done {
		return
	}
	s.done = true
	core.Drop(s.a)
	core.Drop(s.b)
}
