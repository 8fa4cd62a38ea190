// Wrong: it keeps the waker of the first poll and wakes that one on every
// later Pending, not the waker of the poll in progress.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct {
	remaining int
	waker     core.Waker
}

func NewCountdown(n int) *Countdown { return &Countdown{remaining: n} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if c.remaining <= 0 {
		return core.Ready(Liftoff)
	}
	if c.waker == nil {
		c.waker = cx.Waker()
	}
	c.remaining--
	c.waker.Wake()
	return core.Pending[string]()
}
