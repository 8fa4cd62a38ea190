// WRONG: keeps the done flags and the outputs in a package-level map
// keyed by the Join, instead of in the Join's own fields.

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

// WRONG: the Join keeps its state (done flags, outputs) in a package-level
// map keyed by its address instead of in itself: never freed, shared by all
// Joins, racy across goroutines, and the Join's size no longer shows what it
// keeps.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA
	b FB
}

type flState struct {
	doneA, doneB, finished bool
	outA, outB             any
}

var states = map[any]*flState{}

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	st := states[j]
	if st == nil {
		st = &flState{}
		states[j] = st
	}
	if st.finished {
		panic("join: Join polled after completion")
	}
	if !st.doneA {
		if v, ok := PA(&j.a).Poll(cx).Value(); ok {
			st.outA, st.doneA = v, true
		}
	}
	if !st.doneB {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			st.outB, st.doneB = v, true
		}
	}
	if !st.doneA || !st.doneB {
		return core.Pending[Pair[A, B]]()
	}
	st.finished = true
	return core.Ready(Pair[A, B]{A: st.outA.(A), B: st.outB.(B)})
}
