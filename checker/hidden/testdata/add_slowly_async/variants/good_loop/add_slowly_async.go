// The awaits in a loop over the operands, with a named body function.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	body := func(aw *core.Awaiter) uint32 {
		var sum uint32
		for _, v := range [...]uint32{a, b} {
			sum += core.Await[uint32](aw, yieldonce.NewYieldOnce(v))
		}
		return sum
	}
	return core.Async(body)
}
