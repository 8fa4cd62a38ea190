package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Wrong: awaits both YieldOnces but adds a and b itself.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		core.Await(aw, yieldonce.NewYieldOnce(a))
		core.Await(aw, yieldonce.NewYieldOnce(b))
		return a + b
	})
}
