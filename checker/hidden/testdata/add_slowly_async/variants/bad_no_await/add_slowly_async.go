// Wrong: nothing is awaited, so the future is Ready on its first poll.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		return a + b
	})
}
