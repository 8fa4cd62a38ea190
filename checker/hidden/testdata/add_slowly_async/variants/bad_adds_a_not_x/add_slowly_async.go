package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Wrong: x is thrown away and b added to y.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		_ = core.Await(aw, yieldonce.NewYieldOnce(a))
		y := core.Await(aw, yieldonce.NewYieldOnce(b))
		return y + a
	})
}
