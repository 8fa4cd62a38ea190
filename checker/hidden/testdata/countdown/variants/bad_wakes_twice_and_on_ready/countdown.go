// Package countdown, wrong: every poll wakes the waker twice, the Ready one
// too, so two checks fail on the same polls (the trace is shown once).
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct{ n int }

func NewCountdown(n int) *Countdown { return &Countdown{n: n} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	cx.Waker().Wake()
	cx.Waker().Wake()
	if c.n == 0 {
		return core.Ready(Liftoff)
	}
	c.n--
	return core.Pending[string]()
}
