// Package runqueue: one run queue for the whole program, in package-level
// variables that NewExecutor resets, so two executors interfere.
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
}

// one run queue for the whole program
var (
	mu    sync.Mutex
	queue []*task
	left  int
)

// task is a spawned future with its own waker, Rust's Arc<Task>.
type task struct {
	fut    core.Future[struct{}]
	cx     *core.Context // holds the waker that puts this task back on the queue
	queued bool          // on the queue now: another wake changes nothing
	done   bool          // Ready: never poll again
}

// NewExecutor returns an executor whose timers run on clock.
func NewExecutor(clock *core.ManualClock) *Executor {
	mu.Lock()
	queue, left = nil, 0 // a fresh start for every executor
	mu.Unlock()
	return &Executor{clock: clock}
}

// Spawn adds f as a task, to be polled by Run.
func (e *Executor) Spawn(f core.Future[struct{}]) {
	t := &task{fut: f}
	t.cx = core.NewContext(core.WakerFunc(func() { e.schedule(t) }))
	mu.Lock()
	left++
	mu.Unlock()
	e.schedule(t)
}

// schedule is what a task's waker does: put the task on the queue, unless
// it is there already or finished.
func (e *Executor) schedule(t *task) {
	mu.Lock()
	defer mu.Unlock()
	if t.queued || t.done {
		return
	}
	t.queued = true
	queue = append(queue, t)
}

// Run polls tasks until every one is Ready, and returns nil; or until every
// task left is waiting with no timer set, and returns an error wrapping
// ErrStuck.
func (e *Executor) Run() error {
	for {
		mu.Lock()
		if left == 0 {
			mu.Unlock()
			return nil
		}
		if len(queue) == 0 {
			n := left
			mu.Unlock()
			// Only a timer can wake anything now. The clock returns once
			// the timers it fired have done their wakes.
			if !e.clock.AdvanceToNext() {
				return fmt.Errorf("%d %s waiting: %w", n, plural(n), ErrStuck)
			}
			continue
		}
		t := queue[0]
		queue[0] = nil
		queue = queue[1:]
		// Unmark before the poll, so that a wake during it queues the task
		// again.
		t.queued = false
		done := t.done
		mu.Unlock()
		if done {
			continue
		}
		if t.fut.Poll(t.cx).IsReady() {
			mu.Lock()
			t.done = true
			left--
			mu.Unlock()
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return "task"
	}
	return "tasks"
}
