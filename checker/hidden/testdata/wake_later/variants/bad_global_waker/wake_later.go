// Package wakelater: keeps the waker in a package-level variable, which
// every Delay shares.
package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

var (
	mu    sync.Mutex
	waker core.Waker
)

type Delay struct {
	clock   core.Clock
	dur     time.Duration
	started bool
	done    bool
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	mu.Lock()
	defer mu.Unlock()
	if d.done {
		return core.Ready(struct{}{})
	}
	waker = cx.Waker()
	if !d.started {
		d.started = true
		d.clock.AfterFunc(d.dur, d.fire)
	}
	return core.Pending[struct{}]()
}

func (d *Delay) fire() {
	mu.Lock()
	d.done = true
	w := waker
	mu.Unlock()
	w.Wake()
}
