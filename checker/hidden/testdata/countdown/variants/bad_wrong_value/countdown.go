// Package countdown, wrong: Ready with the wrong value.
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
		return core.Ready("done")
	}
	c.remaining--
	cx.Waker().Wake()
	return core.Pending[string]()
}
