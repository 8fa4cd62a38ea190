// WRONG: polls each side on a goroutine of its own and waits for it:
// a Join adds no thread.

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

// WRONG: polls each side on a fresh goroutine of its own (one after the other) and waits
// for them: a Join adds no thread; its sides take turns inside its poll.
// Sides that are not safe for concurrent use race.
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
	done := make(chan struct{})
	go func() {
		defer close(done)
		if !j.doneA {
			if v, ok := PA(&j.a).Poll(cx).Value(); ok {
				j.outA, j.doneA = v, true
			}
		}
	}()
	<-done
	done = make(chan struct{})
	go func() {
		defer close(done)
		if !j.doneB {
			if v, ok := PB(&j.b).Poll(cx).Value(); ok {
				j.outB, j.doneB = v, true
			}
		}
	}()
	<-done
	if !j.doneA || !j.doneB {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
