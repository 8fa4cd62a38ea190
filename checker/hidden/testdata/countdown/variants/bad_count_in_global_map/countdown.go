package countdown

import (
	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Wrong: the counts live in a package-level map keyed by the future.
var left = map[*Countdown]int{}

type Countdown struct{ _ byte }

func NewCountdown(n int) *Countdown {
	c := &Countdown{}
	left[c] = n
	return c
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if left[c] == 0 {
		delete(left, c)
		return core.Ready(Liftoff)
	}
	left[c]--
	cx.Waker().Wake()
	return core.Pending[string]()
}
