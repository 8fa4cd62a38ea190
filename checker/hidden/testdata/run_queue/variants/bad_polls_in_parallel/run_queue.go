// Package runqueue: takes everything on the queue at once and polls it all
// in parallel, one goroutine per task, then waits for them.
package runqueue

import (
	"errors"
	"fmt"
	"sync"

	"github.com/futurelings/futurelings/core"
)

var ErrStuck = errors.New("tasks are stuck: every one left is waiting, and nothing can wake them")

type Executor struct {
	clock *core.ManualClock
	mu    sync.Mutex
	queue []*task
	left  int
}

type task struct {
	fut    core.Future[struct{}]
	cx     *core.Context
	queued bool
	done   bool
}

func NewExecutor(clock *core.ManualClock) *Executor { return &Executor{clock: clock} }

func (e *Executor) Spawn(f core.Future[struct{}]) {
	t := &task{fut: f}
	t.cx = core.NewContext(core.WakerFunc(func() { e.schedule(t) }))
	e.mu.Lock()
	e.left++
	e.mu.Unlock()
	e.schedule(t)
}

func (e *Executor) schedule(t *task) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t.queued || t.done {
		return
	}
	t.queued = true
	e.queue = append(e.queue, t)
}

func (e *Executor) Run() error {
	for {
		e.mu.Lock()
		if e.left == 0 {
			e.mu.Unlock()
			return nil
		}
		batch := e.queue
		e.queue = nil
		live := batch[:0]
		for _, t := range batch {
			t.queued = false
			if !t.done {
				live = append(live, t)
			}
		}
		batch = live
		left := e.left
		e.mu.Unlock()
		if len(batch) == 0 && len(e.queue) == 0 {
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d tasks waiting: %w", left, ErrStuck)
			}
			continue
		}
		var wg sync.WaitGroup
		for _, t := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if t.fut.Poll(t.cx).IsReady() {
					e.mu.Lock()
					t.done = true
					e.left--
					e.mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
}
