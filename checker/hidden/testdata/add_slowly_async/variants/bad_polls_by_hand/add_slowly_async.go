// Package addslowlyasync, wrong: the YieldOnces are polled by hand, with a
// context of its own, for their values; a one-off Pending of its own gives
// each await.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

type once struct{ done bool }

func (o *once) Poll(cx *core.Context) core.Poll[struct{}] {
	if o.done {
		return core.Ready(struct{}{})
	}
	o.done = true
	cx.Waker().Wake()
	return core.Pending[struct{}]()
}

func value(y *yieldonce.YieldOnce[uint32]) uint32 {
	cx := core.NewContext(nil)
	y.Poll(cx)
	return y.Poll(cx).Unwrap()
}

func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := value(yieldonce.NewYieldOnce(a))
		core.Await[struct{}](aw, &once{})
		y := value(yieldonce.NewYieldOnce(b))
		core.Await[struct{}](aw, &once{})
		return x + y
	})
}
