package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

// Delay that asks the clock whether its deadline has passed; the timer
// only wakes.
type Delay struct {
	clock    core.Clock
	dur      time.Duration
	mu       sync.Mutex
	deadline time.Time
	timer    core.Timer
	waker    core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer == nil {
		d.deadline = d.clock.Now().Add(d.dur)
	}
	if !d.clock.Now().Before(d.deadline) {
		return core.Ready(struct{}{})
	}
	d.waker = cx.Waker()
	if d.timer == nil {
		d.timer = d.clock.AfterFunc(d.deadline.Sub(d.clock.Now()), func() {
			d.mu.Lock()
			w := d.waker
			d.mu.Unlock()
			w.Wake()
		})
	}
	return core.Pending[struct{}]()
}
