// WRONG: takes a side for done when its stored output is not the zero
// value, so a side that returns Ready(0) is polled again after Ready.

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

// WRONG: no done flags; a side counts as done when its stored output is not
// the zero value. A side whose result is the zero value (0, "", nil) is
// polled again after it returned Ready, and the Join may never finish.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA
	b FB

	outA     A
	outB     B
	finished bool
}

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b}
}

func isZero[T any](v T) bool {
	var z T
	return any(v) == any(z)
}

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	if isZero(j.outA) {
		if v, ok := PA(&j.a).Poll(cx).Value(); ok {
			j.outA = v
		}
	}
	if isZero(j.outB) {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			j.outB = v
		}
	}
	if isZero(j.outA) || isZero(j.outB) {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outA, B: j.outB})
}
