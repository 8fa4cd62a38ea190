package runqueue

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

var ErrStuck = errors.New("tasks are stuck: every one left is waiting, and nothing can wake them")

// Marks in an atomic per task, the queue in a channel-free slice under a
// mutex, and the tasks counted in an atomic.
type Executor struct {
	clock *core.ManualClock
	mu    sync.Mutex
	queue []*task
	left  atomic.Int64
}

const (
	queued uint32 = 1 << iota
	finished
)

type task struct {
	fut   core.Future[struct{}]
	state atomic.Uint32
	exec  *Executor
}

func (t *task) Wake() {
	for {
		s := t.state.Load()
		if s&(queued|finished) != 0 {
			return
		}
		if t.state.CompareAndSwap(s, s|queued) {
			t.exec.mu.Lock()
			t.exec.queue = append(t.exec.queue, t)
			t.exec.mu.Unlock()
			return
		}
	}
}

func NewExecutor(clock *core.ManualClock) *Executor { return &Executor{clock: clock} }

func (e *Executor) Spawn(f core.Future[struct{}]) {
	e.left.Add(1)
	(&task{fut: f, exec: e}).Wake()
}

func (e *Executor) Run() error {
	for e.left.Load() > 0 {
		e.mu.Lock()
		var t *task
		if n := len(e.queue); n > 0 {
			t = e.queue[0]
			e.queue = e.queue[1:]
		}
		e.mu.Unlock()
		if t == nil {
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d tasks never finish: %w", e.left.Load(), ErrStuck)
			}
			continue
		}
		t.state.And(^queued)
		if t.state.Load()&finished != 0 {
			continue
		}
		if t.fut.Poll(core.NewContext(t)).IsReady() {
			t.state.Or(finished)
			e.left.Add(-1)
		}
	}
	return nil
}
