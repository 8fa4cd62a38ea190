// Package selectfirst: its two sides as a list of branches, each a closure that polls its
// future and keeps its result; the first branch that finishes wins.
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

// branch polls one side and says whether it finished; drop cancels it.
type branch[A, B any] struct {
	poll func(cx *core.Context, out *Either[A, B]) bool
	drop func()
}

func (s *Select[A, B]) branches() [2]branch[A, B] {
	return [2]branch[A, B]{
		{func(cx *core.Context, out *Either[A, B]) bool {
			v, ok := s.a.Poll(cx).Value()
			*out = Either[A, B]{IsA: true, A: v}
			return ok
		}, func() { core.Drop(s.a) }},
		{func(cx *core.Context, out *Either[A, B]) bool {
			v, ok := s.b.Poll(cx).Value()
			*out = Either[A, B]{B: v}
			return ok
		}, func() { core.Drop(s.b) }},
	}
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
	bs := s.branches()
	for i, br := range bs {
		var out Either[A, B]
		if br.poll(cx, &out) {
			s.done = true
			bs[1-i].drop()
			return core.Ready(out)
		}
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
	for _, br := range s.branches() {
		br.drop()
	}
}

// A Select can be dropped with core.Drop, which calls its Drop method.
var _ core.Dropper = (*Select[int, int])(nil)
