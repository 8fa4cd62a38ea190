// Wrong: awaits one YieldOnce twice; the second Await polls a finished future.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		fut := yieldonce.NewYieldOnce(a)
		x := core.Await(aw, fut)
		y := core.Await(aw, fut)
		return x + y + b - a
	})
}
