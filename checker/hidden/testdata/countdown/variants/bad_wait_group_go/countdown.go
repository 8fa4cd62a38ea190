package countdown

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Wrong: the count runs on a goroutine started with WaitGroup.Go, stepped through channels.
type Countdown struct {
	step chan struct{}
	done chan bool
}

func NewCountdown(n int) *Countdown {
	c := &Countdown{step: make(chan struct{}), done: make(chan bool)}
	var wg sync.WaitGroup
	wg.Go(func() {
		for range c.step {
			if n == 0 {
				c.done <- true
				return
			}
			n--
			c.done <- false
		}
	})
	return c
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	c.step <- struct{}{}
	if <-c.done {
		return core.Ready(Liftoff)
	}
	cx.Waker().Wake()
	return core.Pending[string]()
}
