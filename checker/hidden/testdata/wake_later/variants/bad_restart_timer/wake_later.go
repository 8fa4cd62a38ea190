// Package wakelater: stops the timer and sets a new one, for the time
// left, on every poll.
package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

type Delay struct {
	clock    core.Clock
	dur      time.Duration
	mu       sync.Mutex
	deadline time.Time
	timer    core.Timer
	done     bool
	waker    core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return core.Ready(struct{}{})
	}
	d.waker = cx.Waker()
	now := d.clock.Now()
	if d.timer == nil {
		d.deadline = now.Add(d.dur)
	} else {
		d.timer.Stop()
	}
	d.timer = d.clock.AfterFunc(d.deadline.Sub(now), d.fire)
	return core.Pending[struct{}]()
}

func (d *Delay) fire() {
	d.mu.Lock()
	d.done = true
	w := d.waker
	d.mu.Unlock()
	w.Wake()
}
