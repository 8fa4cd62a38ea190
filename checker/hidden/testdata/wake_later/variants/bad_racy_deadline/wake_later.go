package wakelater

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

// Asks the clock, then stores the waker, with nothing to keep the timer
// out in between (and a data race on the waker).
type Delay struct {
	clock    core.Clock
	dur      time.Duration
	deadline time.Time
	started  bool
	waker    core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	if !d.started {
		d.started = true
		d.deadline = d.clock.Now().Add(d.dur)
		d.waker = cx.Waker()
		d.clock.AfterFunc(d.dur, func() { d.waker.Wake() })
	}
	if !d.clock.Now().Before(d.deadline) {
		return core.Ready(struct{}{})
	}
	d.waker = cx.Waker()
	return core.Pending[struct{}]()
}
