// Package wakelater: the timer's function sets done under the lock but
// reads the waker after unlocking, while Poll may be storing a new one.
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
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, d.fire)
	}
	return core.Pending[struct{}]()
}

func (d *Delay) fire() {
	d.mu.Lock()
	d.done = true
	d.mu.Unlock()
	d.waker.Wake()
}
