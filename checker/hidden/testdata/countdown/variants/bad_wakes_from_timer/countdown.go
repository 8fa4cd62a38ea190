package countdown

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Wrong: the wake comes from a timer goroutine, after Poll returned.
type Countdown struct{ n int }

func NewCountdown(n int) *Countdown { return &Countdown{n: n} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if c.n == 0 {
		return core.Ready(Liftoff)
	}
	c.n--
	time.AfterFunc(time.Millisecond, cx.Waker().Wake)
	return core.Pending[string]()
}
