// Wrong: hands back the hand-written state machine instead of using Async.
package addslowlyasync

import "github.com/futurelings/futurelings/core"

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return NewAddSlowly(a, b)
}
