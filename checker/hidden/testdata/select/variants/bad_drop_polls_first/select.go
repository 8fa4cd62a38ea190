// Package selectfirst: polls each side once more when it is dropped, with a waker
// that does nothing, and drops only those still Pending.
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

// WRONG: when the Select is cancelled, each side first gets one "last
// chance" poll (with a waker that wakes nothing), and is dropped only if it
// is still Pending. Cancelling does work instead of stopping it, polls
// with a context that is not the task's, and a side that finishes in that
// poll has its result thrown away and is never dropped.
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
	last := core.NewContext(nil)
	if s.a.Poll(last).IsPending() {
		core.Drop(s.a)
	}
	if s.b.Poll(last).IsPending() {
		core.Drop(s.b)
	}
}
