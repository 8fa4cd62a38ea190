package wakelater

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/futurelings/futurelings/core"
)

// Delay without a mutex: the waker goes in first, then the flag is read.
// The timer sets the flag, then reads the waker. With sequentially
// consistent atomics one of the two always sees the other's store.
type Delay struct {
	clock core.Clock
	dur   time.Duration
	start sync.Once
	done  atomic.Bool
	waker atomic.Pointer[core.Waker]
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	w := cx.Waker()
	d.waker.Store(&w)
	if d.done.Load() {
		return core.Ready(struct{}{})
	}
	d.start.Do(func() {
		d.clock.AfterFunc(d.dur, func() {
			d.done.Store(true)
			(*d.waker.Load()).Wake()
		})
	})
	return core.Pending[struct{}]()
}
