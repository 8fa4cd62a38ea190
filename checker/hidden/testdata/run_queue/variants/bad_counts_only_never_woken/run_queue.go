// Package runqueue: counts as stuck only the tasks whose waker was never
// called, not every task left.
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
	all   []*task
	left  int
}

type task struct {
	fut    core.Future[struct{}]
	cx     *core.Context
	queued bool
	done   bool
	wakes  int
}

func NewExecutor(clock *core.ManualClock) *Executor { return &Executor{clock: clock} }

func (e *Executor) Spawn(f core.Future[struct{}]) {
	t := &task{fut: f}
	t.cx = core.NewContext(core.WakerFunc(func() {
		e.mu.Lock()
		t.wakes++
		e.mu.Unlock()
		e.schedule(t)
	}))
	e.mu.Lock()
	e.left++
	e.all = append(e.all, t)
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
		if len(e.queue) == 0 {
			stuck := 0
			for _, t := range e.all {
				if !t.done && t.wakes == 0 {
					stuck++
				}
			}
			e.mu.Unlock()
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d tasks never woken: %w", stuck, ErrStuck)
			}
			continue
		}
		t := e.queue[0]
		e.queue = e.queue[1:]
		t.queued = false
		done := t.done
		e.mu.Unlock()
		if done {
			continue
		}
		if t.fut.Poll(t.cx).IsReady() {
			e.mu.Lock()
			t.done = true
			e.left--
			e.mu.Unlock()
		}
	}
}
