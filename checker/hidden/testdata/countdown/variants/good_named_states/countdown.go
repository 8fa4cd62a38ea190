// Package countdown: a Countdown with an explicit done state and a String
// method, so traces name each state, and a panic when polled after Ready.
package countdown

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

type Countdown struct {
	left uint
	done bool
}

func NewCountdown(n int) *Countdown {
	return &Countdown{left: uint(max(n, 0))}
}

func (c *Countdown) String() string {
	if c.done {
		return "Done"
	}
	return fmt.Sprintf("T-%d", c.left)
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	switch {
	case c.done:
		panic("countdown: polled after completion")
	case c.left == 0:
		c.done = true
		return core.Ready(Liftoff)
	default:
		c.left--
		cx.Waker().Wake()
		return core.Pending[string]()
	}
}
