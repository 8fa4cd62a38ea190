// Package selectfirst: tells the winner by the type of its value, so in a
// Select[int, int] a win by b is reported as a win by a.
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

// WRONG: the winner's value is passed around as any and Either is built by
// a type switch on it. When A and B are the same type, case A matches
// first: a win by b is reported as a win by a (IsA true, value in A).
type Select[A, B any] struct {
	a    core.Future[A]
	b    core.Future[B]
	done bool
}

func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

func (s *Select[A, B]) first(cx *core.Context) (any, bool) {
	if v, ok := s.a.Poll(cx).Value(); ok {
		core.Drop(s.b)
		return v, true
	}
	if v, ok := s.b.Poll(cx).Value(); ok {
		core.Drop(s.a)
		return v, true
	}
	return nil, false
}

func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if s.done {
		panic("selectfirst: Select polled after completion")
	}
	v, ok := s.first(cx)
	if !ok {
		return core.Pending[Either[A, B]]()
	}
	s.done = true
	switch w := v.(type) {
	case A:
		return core.Ready(Either[A, B]{IsA: true, A: w})
	case B:
		return core.Ready(Either[A, B]{B: w})
	}
	panic("unreachable")
}

func (s *Select[A, B]) Drop() {
	if s.done {
		return
	}
	s.done = true
	core.Drop(s.a)
	core.Drop(s.b)
}
