// Both awaits in one expression: Go evaluates the calls left to right.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		return core.Await(aw, yieldonce.NewYieldOnce(a)) + core.Await(aw, yieldonce.NewYieldOnce(b))
	})
}
