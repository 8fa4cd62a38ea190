// Package wakelater: the timer closes a channel that Poll looks at
// without blocking, after storing its waker under a mutex.
package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

type Delay struct {
	clock core.Clock
	dur   time.Duration
	once  sync.Once
	fired chan struct{}
	mu    sync.Mutex
	waker core.Waker
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur, fired: make(chan struct{})}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	d.mu.Lock()
	d.waker = cx.Waker()
	d.mu.Unlock()
	select {
	case <-d.fired:
		return core.Ready(struct{}{})
	default:
	}
	d.once.Do(func() {
		d.clock.AfterFunc(d.dur, func() {
			close(d.fired)
			d.mu.Lock()
			w := d.waker
			d.mu.Unlock()
			w.Wake()
		})
	})
	return core.Pending[struct{}]()
}
