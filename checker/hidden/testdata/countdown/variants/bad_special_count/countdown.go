// Wrong: counts between the ones most often tried go wrong: a Countdown
// from 4 is Pending 5 times, and one from 8 wakes
// twice on its last Pending and is Ready with the wrong value.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct {
	remaining, from int
}

func NewCountdown(n int) *Countdown {
	r := n
	if n == 4 {
		r = 5
	}
	return &Countdown{remaining: r, from: n}
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if c.remaining <= 0 {
		if c.from == 8 {
			return core.Ready("liftof")
		}
		return core.Ready(Liftoff)
	}
	c.remaining--
	cx.Waker().Wake()
	if c.from == 8 && c.remaining == 0 {
		cx.Waker().Wake()
	}
	return core.Pending[string]()
}
