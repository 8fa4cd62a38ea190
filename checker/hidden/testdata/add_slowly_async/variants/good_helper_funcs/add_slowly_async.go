package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Correct: the body is a named function of its own, with a generic await helper.
func await[T any](aw *core.Awaiter, v T) T { return core.Await(aw, yieldonce.NewYieldOnce(v)) }

func body(a, b uint32) func(*core.Awaiter) uint32 {
	return func(aw *core.Awaiter) uint32 {
		x := await(aw, a)
		y := await(aw, b)
		return x + y
	}
}

func AddSlowlyAsync(a, b uint32) core.Future[uint32] { return core.Async(body(a, b)) }
