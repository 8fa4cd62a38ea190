package runqueue_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	runqueue "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/run_queue"
)

// fltBound turns a hang into a message: Run over these few tasks takes
// microseconds, so waiting this long means it would never return.
const fltBound = 5 * time.Second

// What a scripted poll of a task does.
type fltKind int

const (
	fltReady fltKind = iota // Ready
	fltWait                 // Pending; another task or nobody wakes it
	fltSelf                 // Pending after waking its own waker n times
	fltOther                // Pending after another goroutine woke it n times during the poll
	fltSleep                // Pending after setting a timer of d on the clock
)

// fltAct is one poll of a task: what it returns, and which other tasks it
// wakes first (by number, from 1).
type fltAct struct {
	kind  fltKind
	n     int
	d     time.Duration
	wakes []int
}

// fltWorld is an executor with scripted tasks and a log of who did what.
type fltWorld struct {
	clock *core.ManualClock
	exec  *runqueue.Executor
	tasks []*fltTask
	quiet bool // keep no log (10,000 tasks)

	mu        sync.Mutex
	log       []string
	polling   int // the task being polled, or 0
	violation string
}

// fltTask is a scripted task that records how it is polled. A poll that
// comes without a wake since the last poll began, or after Ready, is a
// mistake of the executor; the task then answers Ready, so that the run
// ends.
type fltTask struct {
	id     int
	w      *fltWorld
	what   string
	script []fltAct

	// guarded by w.mu
	polls      int
	woken      bool // woken since its last poll began
	wokenBy    string
	waker      core.Waker
	readyAt    int
	afterReady int
	unwoken    int // the first poll made without a wake
}

func fltNewWorld() *fltWorld {
	w := &fltWorld{clock: core.NewManualClock()}
	w.exec = runqueue.NewExecutor(w.clock)
	return w
}

// spawn adds a task that follows script, then is Ready.
func (w *fltWorld) spawn(what string, script ...fltAct) *fltTask {
	t := &fltTask{id: len(w.tasks) + 1, w: w, what: what, script: append(script, fltAct{kind: fltReady})}
	w.tasks = append(w.tasks, t)
	w.exec.Spawn(t)
	return t
}

func (w *fltWorld) note(format string, args ...any) {
	if !w.quiet {
		w.log = append(w.log, fmt.Sprintf(format, args...))
	}
}

func (t *fltTask) name() string { return fmt.Sprintf("task %d (%s)", t.id, t.what) }

// wake calls the task's latest waker; by says who, for the log.
func (t *fltTask) wake(by string) {
	w := t.w
	w.mu.Lock()
	t.woken = true
	t.wokenBy = by
	waker := t.waker
	w.note("  task %d woken from %s", t.id, by)
	w.mu.Unlock()
	if waker != nil {
		waker.Wake()
	}
}

func (t *fltTask) Poll(cx *core.Context) (res core.Poll[struct{}]) {
	w := t.w
	w.mu.Lock()
	t.polls++
	n := t.polls
	woken, by := t.woken, t.wokenBy
	t.woken = false
	if cx != nil {
		t.waker = cx.Waker()
	}
	var act fltAct
	switch {
	case t.readyAt > 0:
		t.afterReady++
		if w.violation == "" {
			w.violation = fmt.Sprintf("%s was polled again (poll #%d) after poll #%d returned Ready: a finished "+
				"task must never be polled again, not even when its waker is called later", t.name(), n, t.readyAt)
		}
	case n > 1 && !woken:
		t.unwoken = n
		if w.violation == "" {
			w.violation = fmt.Sprintf("%s was polled (poll #%d) although nothing had woken it since poll #%d "+
				"began: a task goes back on the queue only when its waker is called, and once however many "+
				"wakes come before its turn", t.name(), n, n-1)
		}
	case n <= len(t.script):
		act = t.script[n-1]
	}
	if act.kind == fltReady && t.readyAt == 0 {
		t.readyAt = n
	}
	switch {
	case n == 1:
		by = "spawned"
	case !woken:
		by = "nothing woke it!"
	default:
		by = "woken from " + by
	}
	w.note("poll task %d, #%d (%s):", t.id, n, by)
	w.polling = t.id
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.polling = 0
		w.note("  -> %v", res)
		w.mu.Unlock()
	}()
	if act.kind != fltReady && cx == nil {
		panic("Poll was called with a nil *core.Context: give each task a context holding its waker")
	}
	who := fmt.Sprintf("task %d's poll #%d", t.id, n)
	for _, k := range act.wakes {
		w.tasks[k-1].wake(who)
	}
	switch act.kind {
	case fltReady:
		return core.Ready(struct{}{})
	case fltSelf:
		for range act.n {
			t.wake("its own poll")
		}
	case fltOther:
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range act.n {
				t.wake("another goroutine, during its poll")
			}
		}()
		<-done
	case fltSleep:
		w.clock.AfterFunc(act.d, func() {
			t.wake(fmt.Sprintf("the timer at %v, on the clock's goroutine", w.clock.Elapsed()))
		})
		w.mu.Lock()
		w.note("  set a timer for %v", act.d)
		w.mu.Unlock()
	}
	return core.Pending[struct{}]()
}

// fltOutcome is what one Run did.
type fltOutcome struct {
	err      error
	panicked any
	timedOut bool
}

// run runs the executor, at most fltBound.
func (w *fltWorld) run() fltOutcome {
	done := make(chan fltOutcome, 1)
	go func() {
		var o fltOutcome
		defer func() {
			o.panicked = recover()
			done <- o
		}()
		o.err = w.exec.Run()
	}()
	select {
	case o := <-done:
		return o
	case <-time.After(fltBound):
		return fltOutcome{timedOut: true}
	}
}

// story is the log, indented below a message; long logs keep their end.
func (w *fltWorld) story() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	log := w.log
	if len(log) > 40 {
		log = append([]string{"..."}, log[len(log)-40:]...)
	}
	if len(log) == 0 {
		return ""
	}
	return "\n    " + strings.Join(log, "\n    ")
}

// check runs the world and says what the executor got wrong, or "". stuck
// is how many tasks can never finish.
func (w *fltWorld) check(stuck int) string {
	o := w.run()
	w.mu.Lock()
	violation := w.violation
	var lost, unfinished []*fltTask
	for _, t := range w.tasks {
		if t.readyAt == 0 {
			unfinished = append(unfinished, t)
			if t.woken {
				lost = append(lost, t)
			}
		}
	}
	w.mu.Unlock()
	switch {
	case o.panicked != nil:
		return fmt.Sprintf("Run panicked: %v%s", o.panicked, w.story())
	case violation != "":
		return violation + w.story()
	case len(lost) > 0:
		t := lost[0]
		return fmt.Sprintf("%s was woken from %s but never polled again: the wake was lost. Was the task still "+
			"marked as queued when the wake came, and the mark cleared after the poll? Clear it before "+
			"the poll%s", t.name(), t.wokenBy, w.story())
	case o.timedOut && stuck > 0:
		return fmt.Sprintf("Run had not returned %v after it started, and %d of the tasks can never finish: when "+
			"the queue is empty and the clock has no timer (AdvanceToNext returns false), nothing can wake "+
			"them; return an error that wraps ErrStuck%s", fltBound, stuck, w.story())
	case o.timedOut:
		return fmt.Sprintf("Run had not returned %v after it started, with %d tasks not finished: when the "+
			"queue is empty, move the clock to its next timer (AdvanceToNext) and poll what it woke%s",
			fltBound, len(unfinished), w.story())
	case stuck == 0 && o.err != nil:
		return fmt.Sprintf("Run returned the error %q, but every task could finish: %d never did%s",
			o.err, len(unfinished), w.story())
	case stuck == 0 && len(unfinished) > 0:
		return fmt.Sprintf("Run returned before %s finished: run until every task is Ready%s",
			unfinished[0].name(), w.story())
	case stuck > 0 && o.err == nil:
		return fmt.Sprintf("Run returned nil, but %d tasks never finished (%s, ...): when tasks are left that "+
			"nothing can wake, return an error that wraps ErrStuck%s", len(unfinished), unfinished[0].name(), w.story())
	case stuck > 0 && !errors.Is(o.err, runqueue.ErrStuck):
		return fmt.Sprintf("Run returned the error %q, which does not wrap ErrStuck: wrap it with "+
			"fmt.Errorf(\"...: %%w\", ErrStuck) so errors.Is finds it%s", o.err, w.story())
	case stuck > 0 && len(unfinished) != stuck:
		return fmt.Sprintf("Run returned %q with %d tasks unfinished; want only the %d that nothing can wake%s",
			o.err, len(unfinished), stuck, w.story())
	case stuck > 0 && !strings.Contains(o.err.Error(), fmt.Sprint(stuck)):
		return fmt.Sprintf("Run returned %q: say how many tasks are stuck (%d)%s", o.err, stuck, w.story())
	}
	return ""
}

// TestTrace is what "futurelings trace run_queue" shows: a timeline of the
// learner's executor running three tasks, which task was polled, and who
// woke it, from where. It is not a check.
func TestTrace(t *testing.T) {
	w := fltNewWorld()
	w.spawn("sleeps 10ms, then Ready", fltAct{kind: fltSleep, d: 10 * time.Millisecond})
	w.spawn("wakes itself once, then wakes task 3 and is Ready",
		fltAct{kind: fltSelf, n: 1}, fltAct{kind: fltReady, wakes: []int{3}})
	w.spawn("waits for task 2, then Ready", fltAct{kind: fltWait})
	fmt.Println("Run with three tasks: 1 sleeps 10ms; 2 wakes itself once, then wakes 3; 3 waits for 2:")
	problem := w.check(0)
	w.mu.Lock()
	for _, l := range w.log {
		fmt.Println("  " + l)
	}
	var got []string
	for _, task := range w.tasks {
		got = append(got, fmt.Sprintf("task %d: %d polls, finished %v", task.id, task.polls, task.readyAt > 0))
	}
	w.mu.Unlock()
	if problem != "" {
		first, _, _ := strings.Cut(problem, "\n")
		fmt.Println("  stopped: " + first)
	}
	fmt.Println("  in all:")
	for _, l := range got {
		fmt.Println("    " + l)
	}
	want := []string{
		"task 1: 2 polls, finished true",
		"task 2: 2 polls, finished true",
		"task 3: 2 polls, finished true",
	}
	if problem == "" && strings.Join(got, "\n") == strings.Join(want, "\n") {
		fmt.Println("  a correct one does the same, in whatever order its queue keeps")
		return
	}
	fmt.Println("  a correct one does this instead:")
	fmt.Println("    each task polled once when spawned and once per wake, in whatever order its queue keeps;")
	fmt.Println("    task 1 after the clock moved to 10ms, once nothing else could run")
	for _, l := range want {
		fmt.Println("    " + l)
	}
}
