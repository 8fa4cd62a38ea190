// Package wakelater: looks at done under the lock, but stores the waker
// after unlocking: a data race, and a wake lost if the timer fires between.
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
	done := d.done
	d.mu.Unlock()
	if done {
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
	w := d.waker
	d.mu.Unlock()
	w.Wake()
}
