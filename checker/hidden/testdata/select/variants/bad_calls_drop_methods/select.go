// Package selectfirst: calls the Drop method of a side that has one, instead of
// core.Drop, which also unwinds core.Async futures.
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

// Select is a future of whichever of two futures finishes first.
type Select[A, B any] struct {
	a core.Future[A]
	b core.Future[B]

	done bool // there is a winner, and the loser has been dropped
}

// NewSelect returns a Select of a and b, which it takes over: from now on
// it polls them, and it drops the one that loses. Nothing is polled until
// the Select is.
func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

// Poll polls a, then b, and is Ready with the first value it gets.
func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if s.done {
		panic("selectfirst: Select polled after completion")
	}
	// a is polled first, so it wins a tie; once it has won, b must not
	// be polled any more.
	if v, ok := s.a.Poll(cx).Value(); ok {
		s.done = true
		dropIt(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: v})
	}
	if v, ok := s.b.Poll(cx).Value(); ok {
		s.done = true
		dropIt(s.a)
		return core.Ready(Either[A, B]{B: v})
	}
	return core.Pending[Either[A, B]]()
}

// Drop cancels the Select: core.Drop calls it when the Select's own owner
// gives up on it.
func (s *Select[A, B]) Drop() {
	if s.done {
		return // the loser is gone already
	}
	s.done = true
	dropIt(s.a)
	dropIt(s.b)
}

func dropIt(f any) {
	if d, ok := f.(core.Dropper); ok {
		d.Drop()
	}
}

// A Select can be dropped with core.Drop, which calls its Drop method.
var _ core.Dropper = (*Select[int, int])(nil)
