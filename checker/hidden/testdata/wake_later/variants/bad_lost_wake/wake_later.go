package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

type Delay struct {
	clock core.Clock
	dur   time.Duration

	mu      sync.Mutex
	started bool
	done    bool
	waker   core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

// Looks at done, starts the timer, and only then stores the waker: the
// timer can fire in between.
func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	done := d.done
	d.mu.Unlock()
	if done {
		return core.Ready(struct{}{})
	}
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, d.fire)
	}
	d.mu.Lock()
	d.waker = cx.Waker()
	d.mu.Unlock()
	return core.Pending[struct{}]()
}

func (d *Delay) fire() {
	d.mu.Lock()
	d.done = true
	w := d.waker
	d.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}
