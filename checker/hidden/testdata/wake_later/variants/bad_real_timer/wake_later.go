// Package wakelater: besides the timer on its clock, sets a timer of
// package time on every poll, to be polled again in case the wake is lost.
package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

type Delay struct {
	clock   core.Clock
	dur     time.Duration
	mu      sync.Mutex
	started bool
	done    bool
	waker   core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay { return &Delay{clock: clock, dur: dur} }

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return core.Ready(struct{}{})
	}
	d.waker = cx.Waker()
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, d.fire)
	}
	// a safety net in case the timer is lost: poll again in a while
	w := cx.Waker()
	time.AfterFunc(time.Second, w.Wake)
	return core.Pending[struct{}]()
}

func (d *Delay) fire() {
	d.mu.Lock()
	d.done = true
	w := d.waker
	d.mu.Unlock()
	w.Wake()
}
