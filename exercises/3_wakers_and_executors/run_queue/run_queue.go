// Package runqueue has you write the executor that runs many tasks on one
// goroutine: spawn puts a task on a run queue, the run loop polls whatever
// is on it, and a task's waker puts that task back.
//
// # A run queue
//
// block_on runs one future. A real executor runs thousands of tasks (a
// task is a future spawned on the executor, with nobody awaiting it), and
// most of them are waiting at any moment. Polling them all in turn would
// ask each one, again and again, a question it has already answered. So
// the executor keeps a queue of the tasks that can make progress:
//
//   - Spawn wraps the future in a task and puts it on the queue: a new task
//     is polled once without a wake, to get it started.
//   - Each task has its own waker, and waking it puts that task back on
//     the queue. That is all a waker of this executor does.
//   - Run takes a task off the queue and polls it with that task's waker,
//     again and again. Ready finishes the task. Pending leaves it off the
//     queue, until something calls its waker.
//
// Three details decide whether it is right:
//
//   - A task on the queue is not put on it again: three wakes before its
//     turn still buy one poll. Keep a "queued" mark in the task.
//   - A wake during the task's own poll counts. Clear the mark before you
//     poll the task, not after, or the wake that arrives meanwhile finds it
//     still queued, does nothing, and is lost.
//   - A finished task is never polled again, even when an old copy of its
//     waker fires later, or it woke itself during the poll that finished it.
//
// Wakes can come from the task itself, from other tasks' polls, or from a
// timer's goroutine, so the queue and the marks are shared between
// goroutines: guard them with a sync.Mutex.
//
// # When the queue is empty
//
// In this executor every wake comes from a poll or from a timer on the
// executor's clock, a core.ManualClock. So when the queue is empty, Run
// moves the clock to its next timer (clock.AdvanceToNext(), which fires it
// and returns once its wake is done), and polls whatever that woke. When
// the queue is empty and no timer is set, nothing can ever wake the tasks
// that are left: Run returns an error that wraps ErrStuck and says how many
// tasks are stuck, instead of waiting forever. Go's runtime does the same
// for goroutines ("all goroutines are asleep - deadlock!"), and tokio's
// paused clock moves on to the next timer when the runtime has nothing to
// do, exactly as this one does.
//
// # In Rust
//
// In a small Rust executor a task is an Arc<Task> that holds the future
// (boxed and pinned, in a Mutex) and a handle to the queue. Task
// implements std::task::Wake, and Waker::from(arc_task) makes the task's
// waker out of the Arc itself, so waking means "push a clone of this Arc
// back on the queue": the waker is the task. tokio keeps a "notified" bit
// in each task's state for the same reason you keep the queued mark, so
// that a task already scheduled is not scheduled twice. Here a task is a
// struct behind a pointer, and its waker a core.WakerFunc that closes over
// that pointer.
//
// # What to write
//
// Spawn adds a task; Run polls tasks from the queue until every task is
// Ready (then it returns nil) or every one left is stuck (then ErrStuck).
// Spawn may also be called by a task during its poll, so the queue grows
// as it must: a slice you append to, not a channel of some fixed size. An
// executor of this kind is what would run the 10,000 tasks of lesson 2's
// comparison: each one polled only when its waker has put it on the queue.
//
// `futurelings trace run_queue` shows a timeline of your executor: which
// task was polled, and who woke it, from where.
package runqueue

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

// ErrStuck is what Run returns, wrapped, when tasks are left that nothing
// can wake: the queue is empty and the clock has no timer set.
var ErrStuck = errors.New("tasks are stuck: every one left is waiting, and nothing can wake them")

// Executor runs spawned tasks on the goroutine that calls Run.
type Executor struct {
	clock *core.ManualClock
	// TODO: the run queue, the tasks, and a mutex for what wakers touch.
	tasks []core.Future[struct{}]
}

// NewExecutor returns an executor whose timers run on clock.
func NewExecutor(clock *core.ManualClock) *Executor {
	return &Executor{clock: clock}
}

// Spawn adds f as a task, to be polled by Run.
func (e *Executor) Spawn(f core.Future[struct{}]) {
	// TODO: make a task with its own waker, and put it on the queue.
	e.tasks = append(e.tasks, f)
}

// Run polls tasks until every one is Ready, and returns nil; or until every
// task left is waiting with no timer set, and returns an error wrapping
// ErrStuck.
func (e *Executor) Run() error {
	// TODO: this polls every unfinished task in turn, woken or not: a busy
	// loop, which also never moves the clock. Poll only what is on the
	// queue; when it is empty, advance the clock to its next timer, or
	// report the stuck tasks.
	done := make([]bool, len(e.tasks))
	cx := core.NewContext(core.NoopWaker())
	for left := len(e.tasks); left > 0; {
		for i, f := range e.tasks {
			if !done[i] && f.Poll(cx).IsReady() {
				done[i] = true
				left--
			}
		}
	}
	return nil
}
