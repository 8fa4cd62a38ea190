// Package countdown, wrong: Pending without a wake.
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
	if c.remaining == 0 {
		return core.Ready(Liftoff)
	}
	c.remaining--
	return core.Pending[string]()
}
