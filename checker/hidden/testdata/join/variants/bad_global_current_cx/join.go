// WRONG: the sides get a waker that wakes "the task polled last", a
// package variable: with two Joins polled in turn, one task's wake goes to
// the other.

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

// WRONG: the sides get a context whose waker wakes "the task being polled
// right now", kept in a package variable that every Join's Poll overwrites.
// With two Joins in two tasks, a side of the first wakes whichever task was
// polled last: the first Join's wake-up goes to the wrong task and is lost.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA
	b FB

	doneA, doneB, finished bool
	outA                   A
	outB                   B
}

var (
	current *core.Context
	relay   = core.NewContext(core.WakerFunc(func() { current.Waker().Wake() }))
)

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	current = cx
	if !j.doneA {
		if v, ok := PA(&j.a).Poll(relay).Value(); ok {
			j.outA, j.doneA = v, true
		}
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(relay).Value(); ok {
			j.outB, j.doneB = v, true
		}
	}
	if !j.doneA || !j.doneB {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
