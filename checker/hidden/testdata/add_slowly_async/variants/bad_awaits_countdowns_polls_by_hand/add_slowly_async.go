// Package addslowlyasync, wrong: the YieldOnces are polled by hand, with a
// context of its own, for their values; two Countdowns give the awaits.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/1_futures/countdown"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

func value(y *yieldonce.YieldOnce[uint32]) uint32 {
	cx := core.NewContext(nil)
	y.Poll(cx)
	return y.Poll(cx).Unwrap()
}

func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := value(yieldonce.NewYieldOnce(a))
		core.Await[string](aw, countdown.NewCountdown(1))
		y := value(yieldonce.NewYieldOnce(b))
		core.Await[string](aw, countdown.NewCountdown(1))
		return x + y
	})
}
