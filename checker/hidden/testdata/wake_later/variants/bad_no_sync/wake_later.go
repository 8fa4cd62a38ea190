// Package wakelater: a Delay with no mutex at all. The order is right
// (the waker is stored before done is read), but Poll and the timer's
// function share both without synchronization: a data race.
package wakelater

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

type Delay struct {
	clock   core.Clock
	dur     time.Duration
	started bool
	done    bool
	waker   core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay { return &Delay{clock: clock, dur: dur} }

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.waker = cx.Waker()
	if d.done {
		return core.Ready(struct{}{})
	}
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, func() {
			d.done = true
			d.waker.Wake()
		})
	}
	return core.Pending[struct{}]()
}
