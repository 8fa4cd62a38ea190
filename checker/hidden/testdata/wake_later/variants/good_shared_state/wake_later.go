// Package wakelater: what Rust keeps in an Arc<Mutex<...>>: a shared
// struct with its own embedded mutex, which the timer's function, a
// plain function of the package, gets instead of the Delay.
package wakelater

import (
	"sync"
	"time"

	"github.com/futurelings/futurelings/core"
)

// shared is what Rust would keep in an Arc<Mutex<...>>.
type shared struct {
	sync.Mutex
	completed bool
	waker     core.Waker
}

type Delay struct {
	clock core.Clock
	dur   time.Duration
	state *shared
	timer core.Timer
}

func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur, state: &shared{}}
}

func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	s := d.state
	s.Lock()
	if s.completed {
		s.Unlock()
		return core.Ready(struct{}{})
	}
	s.waker = cx.Waker()
	s.Unlock()
	if d.timer == nil {
		d.timer = d.clock.AfterFunc(d.dur, func() { wakeShared(s) })
	}
	return core.Pending[struct{}]()
}

func wakeShared(s *shared) {
	s.Lock()
	s.completed = true
	w := s.waker
	s.waker = nil
	s.Unlock()
	if w != nil {
		w.Wake()
	}
}
