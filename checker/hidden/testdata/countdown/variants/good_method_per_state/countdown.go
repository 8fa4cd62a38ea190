package countdown

import (
	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Correct: a method value per state.
type Countdown struct {
	n    int
	poll func(*Countdown, *core.Context) core.Poll[string]
}

func NewCountdown(n int) *Countdown { return &Countdown{n: n, poll: (*Countdown).counting} }

func (c *Countdown) counting(cx *core.Context) core.Poll[string] {
	if c.n == 0 {
		c.poll = (*Countdown).finished
		return core.Ready(Liftoff)
	}
	c.n--
	cx.Waker().Wake()
	return core.Pending[string]()
}

func (c *Countdown) finished(*core.Context) core.Poll[string] {
	panic("countdown: polled after completion")
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] { return c.poll(c, cx) }
