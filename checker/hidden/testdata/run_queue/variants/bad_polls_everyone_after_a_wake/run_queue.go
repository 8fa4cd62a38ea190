// Package runqueue: a wake of any task starts a round in which every
// unfinished task is polled, woken or not.
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
	tasks []*task
	woken bool
}

type task struct {
	fut  core.Future[struct{}]
	cx   *core.Context
	done bool
}

func NewExecutor(clock *core.ManualClock) *Executor { return &Executor{clock: clock, woken: true} }

func (e *Executor) Spawn(f core.Future[struct{}]) {
	t := &task{fut: f}
	t.cx = core.NewContext(core.WakerFunc(func() {
		e.mu.Lock()
		e.woken = true
		e.mu.Unlock()
	}))
	e.mu.Lock()
	e.tasks = append(e.tasks, t)
	e.woken = true
	e.mu.Unlock()
}

func (e *Executor) Run() error {
	for {
		e.mu.Lock()
		woken := e.woken
		e.woken = false
		tasks := append([]*task(nil), e.tasks...)
		e.mu.Unlock()
		left := 0
		for _, t := range tasks {
			if !t.done {
				left++
			}
		}
		if left == 0 {
			return nil
		}
		if !woken {
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d tasks waiting: %w", left, ErrStuck)
			}
			continue
		}
		for _, t := range tasks {
			if !t.done && t.fut.Poll(t.cx).IsReady() {
				t.done = true
			}
		}
	}
}
