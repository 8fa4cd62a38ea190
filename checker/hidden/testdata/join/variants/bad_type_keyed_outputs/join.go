// WRONG: keeps the outputs in a map keyed by their type, so a
// Join[int, int] keeps only one of its two outputs.

package join

import (
	"reflect"

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

// WRONG: keeps the outputs in a map keyed by their type. When A and B are
// the same type (Join of two int futures), the second result overwrites the
// first: the Pair holds b's value twice and a's is lost.
type Join[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]] struct {
	a FA
	b FB

	doneA, doneB, finished bool
	outs                   map[reflect.Type]any
}

func NewJoin[A, B, FA, FB any, PA Future[FA, A], PB Future[FB, B]](a FA, b FB) *Join[A, B, FA, FB, PA, PB] {
	return &Join[A, B, FA, FB, PA, PB]{a: a, b: b, outs: map[reflect.Type]any{}}
}

func (j *Join[A, B, FA, FB, PA, PB]) Poll(cx *core.Context) core.Poll[Pair[A, B]] {
	if j.finished {
		panic("join: Join polled after completion")
	}
	if !j.doneA {
		if v, ok := PA(&j.a).Poll(cx).Value(); ok {
			j.outs[reflect.TypeFor[A]()], j.doneA = v, true
		}
	}
	if !j.doneB {
		if v, ok := PB(&j.b).Poll(cx).Value(); ok {
			j.outs[reflect.TypeFor[B]()], j.doneB = v, true
		}
	}
	if !j.doneA || !j.doneB {
		return core.Pending[Pair[A, B]]()
	}
	j.finished = true
	return core.Ready(Pair[A, B]{A: j.outs[reflect.TypeFor[A]()].(A), B: j.outs[reflect.TypeFor[B]()].(B)})
}
