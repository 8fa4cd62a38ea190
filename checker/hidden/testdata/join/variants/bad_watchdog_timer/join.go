// WRONG: arms a timer on every Pending poll that wakes the task 20 ms
// later regardless: a goroutine, and wakes that ask for polls for nothing.

package join

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

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

// WRONG: "belt and braces": besides passing cx on, every Pending poll arms a
// timer that wakes the task 20 ms later, in case a side forgot to. That is a
// timer goroutine per poll and a polling loop (spurious wake-ups every
// 20 ms for as long as the Join waits), the opposite of waiting for wakes.
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
		}
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			j.outB, j.doneB = v, true
		}
	}
	if !j.doneA || !j.doneB {
		time.AfterFunc(20*time.Millisecond, cx.Waker().Wake)
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
