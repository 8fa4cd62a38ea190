// WRONG: keeps the cx of its first poll and polls both sides with it ever
// after, so a wake meant for a later poll's waker goes to a stale one.

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

// WRONG: keeps the cx of the first poll and polls both sides with it on
// every later poll, ignoring the cx it is given.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA
	b FB

	doneA, doneB, finished bool
	outA                   A
	outB                   B
	cx                     *core.Context
}

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	if j.cx == nil {
		j.cx = cx
	}
	if !j.doneA {
		if v, ok := PA(&j.a).Poll(j.cx).Value(); ok {
			j.outA, j.doneA = v, true
		}
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(j.cx).Value(); ok {
			j.outB, j.doneB = v, true
		}
	}
	if !j.doneA || !j.doneB {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
