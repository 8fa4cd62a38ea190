// Package runqueue: Spawn, called during a poll, polls the new task at once,
// inside the poll that spawned it.
package runqueue

import (
	"errors"
	"fmt"
	"sync"

	"github.com/futurelings/futurelings/core"
)

// ErrStuck is what Run returns, wrapped, when tasks are left that nothing
// can wake: the queue is empty and the clock has no timer set.
var ErrStuck = errors.New("tasks are stuck: every one left is waiting, and nothing can wake them")

// Executor runs spawned tasks on the goroutine that calls Run.
type Executor struct {
	clock *core.ManualClock

	mu    sync.Mutex // guards everything below, and every task's marks
	queue []*task    // tasks to poll, in the order they were woken
	left  int        // tasks spawned and not finished
	inRun bool
}

// task is a spawned future with its own waker, Rust's Arc<Task>.
type task struct {
	fut    core.Future[struct{}]
	cx     *core.Context // holds the waker that puts this task back on the queue
	queued bool          // on the queue now: another wake changes nothing
	done   bool          // Ready: never poll again
}

// NewExecutor returns an executor whose timers run on clock.
func NewExecutor(clock *core.ManualClock) *Executor {
	return &Executor{clock: clock}
}

// Spawn adds f as a task, to be polled by Run.
func (e *Executor) Spawn(f core.Future[struct{}]) {
	t := &task{fut: f}
	t.cx = core.NewContext(core.WakerFunc(func() { e.schedule(t) }))
	e.mu.Lock()
	e.left++
	running := e.inRun
	e.mu.Unlock()
	if running {
		// start it at once: it is on Run's goroutine anyway
		if t.fut.Poll(t.cx).IsReady() {
			e.mu.Lock()
			t.done = true
			e.left--
			e.mu.Unlock()
		}
		return
	}
	e.schedule(t)
}

// schedule is what a task's waker does: put the task on the queue, unless
// it is there already or finished.
func (e *Executor) schedule(t *task) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t.queued || t.done {
		return
	}
	t.queued = true
	e.queue = append(e.queue, t)
}

// Run polls tasks until every one is Ready, and returns nil; or until every
// task left is waiting with no timer set, and returns an error wrapping
// ErrStuck.
func (e *Executor) Run() error {
	e.mu.Lock()
	e.inRun = true
	e.mu.Unlock()
	for {
		e.mu.Lock()
		if e.left == 0 {
			e.mu.Unlock()
			return nil
		}
		if len(e.queue) == 0 {
			left := e.left
			e.mu.Unlock()
			// Only a timer can wake anything now. The clock returns once
			// the timers it fired have done their wakes.
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d %s waiting: %w", left, plural(left), ErrStuck)
			}
			continue
		}
		t := e.queue[0]
		e.queue[0] = nil
		e.queue = e.queue[1:]
		// Unmark before the poll, so that a wake during it queues the task
		// again.
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

func plural(n int) string {
	if n == 1 {
		return "task"
	}
	return "tasks"
}
