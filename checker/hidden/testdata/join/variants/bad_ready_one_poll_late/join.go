// Package join: notices that both are done only on the poll after the second
// finished.
package join

import "github.com/futurelings/futurelings/core"

// Future says that a *F is a core.Future[T]: FA and FB are held by value,
// and polled through a pointer to where they lie.
type Future[F, T any] interface {
	*F
	core.Future[T]
}

// Pair holds the two results of a Join.
type Pair[A, B any] struct {
	A A
	B B
}

// Join is a future of both outputs of two futures, polled at the same time.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA // the first future, by value
	b FB // the second future, by value

	doneA, doneB bool // the side has returned Ready; never poll it again
	outA         A    // what a returned, kept until b finishes too
	outB         B    // what b returned, kept until a finishes too
	finished     bool // the Join itself has returned Ready
}

// NewJoin returns a Join of a and b, which it takes over. Nothing is polled
// until the Join is.
func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

// Poll polls each side that has not finished yet, and is Ready once both
// have.
func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	// Both sides get a turn on every poll, each with the same cx, so that
	// whichever is Pending can wake the task that owns the Join.
	if j.doneA && j.doneB {
		j.finished = true
		return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
	}
	if !j.doneA {
		if v, ok := PA(&j.a).Poll(cx).Value(); ok {
			j.outA, j.doneA = v, true
		}
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			j.outB, j.doneB = v, true
		}
	}
	return core.Pending[Pair[A, B]]()
}
