// Wrong: hands back the hand-written state machine instead of using Async.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return addslowly.NewAddSlowly(a, b)
}
