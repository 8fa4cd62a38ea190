// Package runqueue: the queue is a channel with room for 10,000 tasks, the
// number the lesson talks about; a waker blocks once it is full.
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
	queue chan *task
	mu    sync.Mutex
	left  int
}

type task struct {
	fut    core.Future[struct{}]
	cx     *core.Context
	queued bool
	done   bool
}

func NewExecutor(clock *core.ManualClock) *Executor {
	return &Executor{clock: clock, queue: make(chan *task, 10_000)}
}

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
	if t.queued || t.done {
		e.mu.Unlock()
		return
	}
	t.queued = true
	e.mu.Unlock()
	e.queue <- t
}

func (e *Executor) Run() error {
	for {
		e.mu.Lock()
		left := e.left
		e.mu.Unlock()
		if left == 0 {
			return nil
		}
		select {
		case t := <-e.queue:
			e.mu.Lock()
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
		default:
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d tasks waiting: %w", left, ErrStuck)
			}
		}
	}
}
