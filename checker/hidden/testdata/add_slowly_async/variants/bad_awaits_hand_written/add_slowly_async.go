// Wrong: an Async body that only awaits the hand-written state machine, so
// the coroutine carries nothing across an await of its own.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		return core.Await[uint32](aw, addslowly.NewAddSlowly(a, b))
	})
}
