// Package selectfirst: takes a side's zero value for Pending, so a side that is
// Ready(0) does not win and is polled again after Ready.
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

// WRONG: keeps each side's latest value and decides "it won" by the value
// not being the zero value. A side that finishes with Ready(0) or Ready("")
// does not win: it is polled again after it returned Ready, and the Select
// may never finish.
type Select[A, B any] struct {
	a    core.Future[A]
	b    core.Future[B]
	va   A
	vb   B
	done bool
}

func isZero[T any](v T) bool {
	var z T
	return any(v) == any(z)
}

func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if s.done {
		panic("selectfirst: Select polled after completion")
	}
	s.va, _ = s.a.Poll(cx).Value()
	if !isZero(s.va) {
		s.done = true
		core.Drop(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: s.va})
	}
	s.vb, _ = s.b.Poll(cx).Value()
	if !isZero(s.vb) {
		s.done = true
		core.Drop(s.a)
		return core.Ready(Either[A, B]{B: s.vb})
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
