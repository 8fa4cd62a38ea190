// Package selectfirst: remembers which Selects are done in a package-level map
// keyed by the Select, instead of in the Select.
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

// WRONG: whether a Select is done lives in a package-level map keyed by the
// Select, not in the Select: never freed, shared, racy.
type Select[A, B any] struct {
	a core.Future[A]
	b core.Future[B]
}

var finished = map[any]bool{}

func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b}
}

func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if finished[s] {
		panic("selectfirst: Select polled after completion")
	}
	if v, ok := s.a.Poll(cx).Value(); ok {
		finished[s] = true
		core.Drop(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: v})
	}
	if v, ok := s.b.Poll(cx).Value(); ok {
		finished[s] = true
		core.Drop(s.a)
		return core.Ready(Either[A, B]{B: v})
	}
	return core.Pending[Either[A, B]]()
}

func (s *Select[A, B]) Drop() {
	if finished[s] {
		return
	}
	finished[s] = true
	core.Drop(s.a)
	core.Drop(s.b)
}
