// Package runqueue: no queue at all, a woken mark in every task and a scan
// that polls the marked ones, oldest first.
package runqueue

import (
	"errors"
	"fmt"
	"sync"

	"github.com/futurelings/futurelings/core"
)

var ErrStuck = errors.New("tasks are stuck: every one left is waiting, and nothing can wake them")

type Executor struct {
	clock  *core.ManualClock
	mu     sync.Mutex
	tasks  []*task
	marked int // tasks with woken set
	left   int // tasks not finished
}

type task struct {
	fut   core.Future[struct{}]
	cx    *core.Context
	woken bool
	done  bool
}

func NewExecutor(clock *core.ManualClock) *Executor { return &Executor{clock: clock} }

func (e *Executor) Spawn(f core.Future[struct{}]) {
	t := &task{fut: f}
	t.cx = core.NewContext(core.WakerFunc(func() { e.mark(t) }))
	e.mu.Lock()
	e.tasks = append(e.tasks, t)
	e.left++
	e.mu.Unlock()
	e.mark(t)
}

func (e *Executor) mark(t *task) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !t.woken && !t.done {
		t.woken = true
		e.marked++
	}
}

func (e *Executor) Run() error {
	next := 0
	for {
		e.mu.Lock()
		if e.left == 0 {
			e.mu.Unlock()
			return nil
		}
		if e.marked == 0 {
			left := e.left
			e.mu.Unlock()
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d tasks waiting: %w", left, ErrStuck)
			}
			continue
		}
		var t *task
		for i := 0; i < len(e.tasks); i++ {
			c := e.tasks[(next+i)%len(e.tasks)]
			if c.woken {
				t = c
				next = (next + i + 1) % len(e.tasks)
				break
			}
		}
		t.woken = false
		e.marked--
		e.mu.Unlock()
		ready := t.fut.Poll(t.cx).IsReady()
		e.mu.Lock()
		if ready {
			t.done = true
			e.left--
			if t.woken {
				t.woken = false
				e.marked--
			}
		}
		e.mu.Unlock()
	}
}
