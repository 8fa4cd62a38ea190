// Wrong: the count is kept in a uint16, so a Countdown from 65536 or more
// wraps around and is Ready far too early.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct {
	remaining uint16
}

func NewCountdown(n int) *Countdown { return &Countdown{remaining: uint16(n)} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if c.remaining == 0 {
		return core.Ready(Liftoff)
	}
	c.remaining--
	cx.Waker().Wake()
	return core.Pending[string]()
}
