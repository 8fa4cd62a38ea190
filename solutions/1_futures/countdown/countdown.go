// Package countdown is the reference solution of the countdown exercise: a
// future that is Pending n times, waking each time, then Ready.
package countdown

import "github.com/futurelings/futurelings/core"

// Liftoff is the value a Countdown is Ready with.
const Liftoff = "liftoff"

// Countdown is a future that is Pending a given number of times, waking its
// waker each time, and then Ready with Liftoff.
type Countdown struct {
	remaining int // Pendings still to return
}

// NewCountdown returns a Countdown that is Pending n times before it is
// Ready.
func NewCountdown(n int) *Countdown {
	return &Countdown{remaining: n}
}

// Poll returns Pending (after waking the waker) until the count runs out,
// then Ready with Liftoff.
func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if c.remaining <= 0 {
		return core.Ready(Liftoff)
	}
	c.remaining--
	// Progress is possible at once, so ask for the next poll right away.
	cx.Waker().Wake()
	return core.Pending[string]()
}
