// Wrong: the second YieldOnce is made from a, so the sum is a + a.
package addslowlyasync

import "github.com/futurelings/futurelings/core"

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await(aw, NewYieldOnce(a))
		y := core.Await(aw, NewYieldOnce(a))
		return x + y
	})
}
