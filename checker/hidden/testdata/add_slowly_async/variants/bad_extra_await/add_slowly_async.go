// Wrong: awaits the sum once more at the end, a third suspension point.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await(aw, yieldonce.NewYieldOnce(a))
		y := core.Await(aw, yieldonce.NewYieldOnce(b))
		return core.Await(aw, yieldonce.NewYieldOnce(x+y))
	})
}
