// WRONG: copies side a into a spare field, polls it there and copies it
// back, so a moves out of the place it lies in between polls.

package join

import "github.com/futurelings/futurelings/core"

// Future says that a *F is a core.Future[T].
type Future[F, T any] interface {
	*F
	core.Future[T]
}

// Pair holds the two results of a Join.
type Pair[A, B any] struct {
	A A
	B B
}

// WRONG: polls a in a scratch slot: each poll copies a into spare, polls it
// there, and copies it back. a moves after it has been polled (twice per
// poll), which a future that points into itself does not survive (the
// pinned exercise): once polled, a future must stay where it is.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a     FA
	b     FB
	spare FA

	doneA, doneB, finished bool
	outA                   A
	outB                   B
}

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	if !j.doneA {
		j.spare = j.a
		if v, ok := PA(&j.spare).Poll(cx).Value(); ok {
			j.outA, j.doneA = v, true
		}
		j.a = j.spare
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			j.outB, j.doneB = v, true
		}
	}
	if !j.doneA || !j.doneB {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
