// Package countdown, wrong: it wakes on every poll, the Ready one included.
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
	cx.Waker().Wake()
	if c.remaining == 0 {
		return core.Ready(Liftoff)
	}
	c.remaining--
	return core.Pending[string]()
}
