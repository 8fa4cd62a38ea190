// Package wakelater: measures the time on the real clock, time.Now, not
// on the Delay's clock.
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
	start   time.Time
	started bool
	done    bool
	waker   core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done || (d.started && time.Since(d.start) >= d.dur) {
		return core.Ready(struct{}{})
	}
	d.waker = cx.Waker()
	if !d.started {
		d.started = true
		d.start = time.Now()
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
