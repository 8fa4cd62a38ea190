// Package countdown, wrong: the count is a package-level variable, so every
// Countdown shares the one made last.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

var remaining int

type Countdown struct{}

func NewCountdown(n int) *Countdown {
	remaining = n
	return &Countdown{}
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if remaining == 0 {
		return core.Ready(Liftoff)
	}
	remaining--
	cx.Waker().Wake()
	return core.Pending[string]()
}
