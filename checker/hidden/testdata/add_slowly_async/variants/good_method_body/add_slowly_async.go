// Correct: the operands travel in a struct, and the sum is a named result.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type operands struct{ a, b uint32 }

func (o operands) body(aw *core.Awaiter) (sum uint32) {
	x := core.Await(aw, yieldonce.NewYieldOnce(uint32(o.a)))
	y := core.Await[uint32](aw, yieldonce.NewYieldOnce[uint32](o.b))
	sum = x + y
	return
}

func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	ops := &operands{a: a, b: b}
	return core.Async(ops.body)
}
