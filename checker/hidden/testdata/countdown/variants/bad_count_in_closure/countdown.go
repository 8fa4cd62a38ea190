package countdown

import (
	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Wrong: the count lives in a closure, not in a field of the Countdown.
type Countdown struct {
	step func(cx *core.Context) core.Poll[string]
}

func NewCountdown(n int) *Countdown {
	return &Countdown{step: func(cx *core.Context) core.Poll[string] {
		if n == 0 {
			return core.Ready(Liftoff)
		}
		n--
		cx.Waker().Wake()
		return core.Pending[string]()
	}}
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] { return c.step(cx) }
