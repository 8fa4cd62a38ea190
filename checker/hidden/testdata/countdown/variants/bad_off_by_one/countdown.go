// Package countdown, wrong: it counts down before it looks, so it is one
// Pending short (and a countdown from 0 never ends).
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct {
	remaining int
}

func NewCountdown(n int) *Countdown {
	return &Countdown{remaining: n}
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	c.remaining--
	if c.remaining == 0 {
		return core.Ready(Liftoff)
	}
	cx.Waker().Wake()
	return core.Pending[string]()
}
