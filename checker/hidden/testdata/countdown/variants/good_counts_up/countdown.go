// Package countdown: a Countdown that counts the polls it has had up to n
// instead of counting down.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct {
	n, polls int
}

func NewCountdown(n int) *Countdown {
	return &Countdown{n: n}
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	c.polls++
	if c.polls > c.n {
		return core.Ready(Liftoff)
	}
	cx.Waker().Wake()
	return core.Pending[string]()
}
