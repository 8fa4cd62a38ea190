// Package selectfirst: polls each side on a goroutine of its own and waits for
// it, instead of polling it itself.
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

// WRONG: polls each side on a fresh goroutine and waits for it: a Select
// adds no thread. (Drops stay on the caller's goroutine.)
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
	ch := make(chan core.Poll[A])
	go func() { ch <- s.a.Poll(cx) }()
	if v, ok := (<-ch).Value(); ok {
		s.done = true
		core.Drop(s.b)
		return core.Ready(Either[A, B]{IsA: true, A: v})
	}
	chb := make(chan core.Poll[B])
	go func() { chb <- s.b.Poll(cx) }()
	if v, ok := (<-chb).Value(); ok {
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
