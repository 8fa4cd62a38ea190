package countdown

import (
	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Wrong: the count is kept in a byte, so a countdown from 300 ends after 44 Pendings.
type Countdown struct{ n uint8 }

func NewCountdown(n int) *Countdown { return &Countdown{n: uint8(n)} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if c.n == 0 {
		return core.Ready(Liftoff)
	}
	c.n--
	cx.Waker().Wake()
	return core.Pending[string]()
}
