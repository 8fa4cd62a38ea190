// Package selectfirst: when b is Ready, polls a once more in the same poll, and
// lets a win if it is Ready now: a loser is not polled again.
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

// WRONG: when b is Ready, a gets "one last chance" in the same poll (to
// keep a's priority): a is polled after b has already won, and if a is
// Ready now, a wins and b's finished result is thrown away.
type Select[A, B any] struct {
	a    core.Future[A]
	b    core.Future[B]
	done bool
}

func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if s.done {
		panic("selectfirst: Select polled after completion")
	}
	if v, ok := s.a.Poll(cx).Value(); ok {
		s.done = true
		core.Drop(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: v})
	}
	if v, ok := s.b.Poll(cx).Value(); ok {
		s.done = true
		if w, ok := s.a.Poll(cx).Value(); ok {
			core.Drop(s.b)
			return core.Ready(Either[A, B]{IsA: true, A: w})
		}
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
