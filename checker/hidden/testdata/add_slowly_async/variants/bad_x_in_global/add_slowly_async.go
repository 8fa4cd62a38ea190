package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Wrong: x goes through a package-level variable.
var x uint32

func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x = core.Await(aw, yieldonce.NewYieldOnce(a))
		y := core.Await(aw, yieldonce.NewYieldOnce(b))
		return x + y
	})
}
