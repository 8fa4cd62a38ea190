package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/1_futures/countdown"
)

// Wrong: two Countdowns from 1 give the right polls; the sum never waits on anything.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		core.Await[string](aw, countdown.NewCountdown(1))
		core.Await[string](aw, countdown.NewCountdown(1))
		return a + b
	})
}
