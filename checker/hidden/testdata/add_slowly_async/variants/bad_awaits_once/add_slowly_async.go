// Wrong: only a goes through a YieldOnce; b is added directly.
package addslowlyasync

import "github.com/futurelings/futurelings/core"

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await(aw, NewYieldOnce(a))
		return x + b
	})
}
