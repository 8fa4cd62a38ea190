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
	a            core.Future[A]
	b            core.Future[B]
	aLive, bLive bool // not dropped yet
	done         bool
}

func NewSelect[A, B any](a core.Future[A], b core.Future[B]) *Select[A, B] {
	return &Select[A, B]{a: a, b: b, aLive: true, bLive: true}
}

func (s *Select[A, B]) Poll(cx *core.Context) core.Poll[Either[A, B]] {
	if s.done {
		panic("polled after completion")
	}
	if v, ok := s.a.Poll(cx).Value(); ok {
		s.done, s.bLive = true, false
		core.Drop(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: v})
	}
	if v, ok := s.b.Poll(cx).Value(); ok {
		s.done, s.aLive = true, false
		core.Drop(s.a)
		return core.Ready(Either[A, B]{B: v})
	}
	return core.Pending[Either[A, B]]()
}

// Drop drops every side not dropped yet: both before a winner, and the
// finished winner after (harmless, as it is once).
func (s *Select[A, B]) Drop() {
	if s.aLive {
		s.aLive = false
		core.Drop(s.a)
	}
	if s.bLive {
		s.bLive = false
		core.Drop(s.b)
	}
	s.done = true
}
