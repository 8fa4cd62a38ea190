// Package wakelater: replaces the stored waker only when it differs, by
// comparing the two with !=, which panics on wakers that are funcs.
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
	// like will_wake: only replace it when it is a different waker
	if d.waker != cx.Waker() {
		d.waker = cx.Waker()
	}
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, d.fire)
	}
	return core.Pending[struct{}]()
}

func (d *Delay) fire() {
	d.mu.Lock()
	d.done = true
	w := d.waker
	d.mu.Unlock()
	w.Wake()
}
