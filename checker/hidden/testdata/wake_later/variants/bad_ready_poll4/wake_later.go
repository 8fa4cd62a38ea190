// Package wakelater: returns Ready from the fourth poll on, whatever the
// time.
package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

// Delay is a future that becomes Ready once its duration has passed on its
// clock. A timer on that clock wakes the waker of its latest poll.
type Delay struct {
	clock core.Clock
	dur   time.Duration

	mu      sync.Mutex // guards the fields below: Poll and the timer share them
	started bool       // the timer is set
	done    bool
	polls   int
	waker   core.Waker // the waker of the latest poll
}

// NewDelay returns a Delay that is Ready once dur has passed on clock. It
// starts nothing: the first poll sets the timer.
func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

// Poll returns Ready once the time is up. Otherwise it keeps the waker for
// the timer to call, and returns Pending without waking anything.
func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.polls++
	if d.done || d.polls >= 4 {
		return core.Ready(struct{}{})
	}
	// Under the same lock as the check of done: the timer cannot fire in
	// between, so it either finds this waker or Poll finds done.
	d.waker = cx.Waker()
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, d.fire)
	}
	return core.Pending[struct{}]()
}

// fire runs on the timer's goroutine when the time is up.
func (d *Delay) fire() {
	d.mu.Lock()
	d.done = true
	w := d.waker
	d.mu.Unlock()
	// Wake outside the lock: the waker may run code that polls again.
	w.Wake()
}
