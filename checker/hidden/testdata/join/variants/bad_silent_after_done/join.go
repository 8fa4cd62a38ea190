// WRONG: when a finishes last, the Join does not remember that it
// returned Ready, and a poll after completion returns Pending, not a panic.

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

// WRONG: the "finished" flag is set only on the path where b finishes last
// (copy-paste slip). When a finishes last, a later poll of the finished Join
// does not panic: it returns Pending forever, with no wake-up, hiding the
// caller's bug.
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

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	if !j.doneA {
		if v, ok := PA(&j.a).Poll(cx).Value(); ok {
			j.outA, j.doneA = v, true
			if j.doneB {
				return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
			}
		}
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			j.outB, j.doneB = v, true
			if j.doneA {
				j.finished = true
				return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
			}
		}
	}
	return core.Pending[Pair[A, B]]()
}
