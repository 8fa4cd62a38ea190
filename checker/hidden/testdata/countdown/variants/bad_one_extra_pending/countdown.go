// Package countdown, wrong: it is Ready only once the count is below zero,
// one Pending too many.
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
	if c.remaining < 0 {
		return core.Ready(Liftoff)
	}
	c.remaining--
	cx.Waker().Wake()
	return core.Pending[string]()
}
