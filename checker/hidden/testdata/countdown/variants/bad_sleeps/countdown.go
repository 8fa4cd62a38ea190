// Wrong: each poll sleeps before it answers, so Poll blocks the executor's
// thread instead of returning at once.
package countdown

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

type Countdown struct {
	remaining int
}

func NewCountdown(n int) *Countdown { return &Countdown{remaining: n} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	time.Sleep(time.Millisecond)
	if c.remaining <= 0 {
		return core.Ready(Liftoff)
	}
	c.remaining--
	cx.Waker().Wake()
	return core.Pending[string]()
}
