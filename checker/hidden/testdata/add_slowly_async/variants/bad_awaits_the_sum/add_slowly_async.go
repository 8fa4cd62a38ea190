package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Wrong: the second YieldOnce is made from a+b, and its value returned alone.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		core.Await(aw, yieldonce.NewYieldOnce(a))
		return core.Await(aw, yieldonce.NewYieldOnce(a+b))
	})
}
