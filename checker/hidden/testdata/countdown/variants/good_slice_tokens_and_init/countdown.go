// Package countdown: the count is the length of a slice that each Pending
// shortens, and a package-level logger is set up once in init.
package countdown

import (
	"io"
	"log"

	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

var logger *log.Logger

func init() { logger = log.New(io.Discard, "countdown: ", 0) }

type Countdown struct{ left []struct{} }

func NewCountdown(n int) *Countdown { return &Countdown{left: make([]struct{}, n)} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if len(c.left) == 0 {
		logger.Print("liftoff")
		return core.Ready(Liftoff)
	}
	c.left = c.left[1:]
	cx.Waker().Wake()
	return core.Pending[string]()
}
