// WRONG: polls b with a waker that does nothing while a is unfinished, so
// b's wake is lost whenever a does not happen to wake the task too.

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

// WRONG: while a is still running, b is polled with a context whose waker
// does nothing ("a will wake us anyway"). b's own wake-ups are lost: if b
// becomes ready while a waits on something slow, nobody polls the Join.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA
	b FB

	doneA, doneB, finished bool
	outA                   A
	outB                   B
}

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

var flNoop = core.NewContext(nil)

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	if !j.doneA {
		if v, ok := PA(&j.a).Poll(cx).Value(); ok {
			j.outA, j.doneA = v, true
		}
	}
	if !j.doneB {
		bcx := cx
		if !j.doneA {
			bcx = flNoop
		}
		if v, ok := PB(&j.b).Poll(bcx).Value(); ok {
			j.outB, j.doneB = v, true
		}
	}
	if !j.doneA || !j.doneB {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
