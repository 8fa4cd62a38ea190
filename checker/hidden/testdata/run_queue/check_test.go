package runqueue_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	runqueue "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/run_queue"
)

// flBound turns a hang into a message: Run over these few tasks takes
// microseconds, so waiting this long means it would never return.
const flBound = 5 * time.Second

// flGoid is the id of the calling goroutine, as runtime.Stack prints it.
func flGoid() int64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, ' ')], 10, 64)
	return id
}

// What a scripted poll of a task does.
type flKind int

const (
	flReady flKind = iota // Ready
	flWait                // Pending; another task or nobody wakes it
	flSelf                // Pending after waking its own waker n times
	flOther               // Pending after another goroutine woke it n times during the poll
	flSleep               // Pending after setting a timer of d on the clock
)

// flAct is one poll of a task: what it returns, and which other tasks it
// wakes first (by number, from 1).
type flAct struct {
	kind  flKind
	n     int
	d     time.Duration
	wakes []int
	spawn bool // spawns a new task, Ready at once, during the poll
	many  int  // spawns this many more such tasks, during the poll
}

// flWorld is an executor with scripted tasks and a log of who did what.
type flWorld struct {
	clock *core.ManualClock
	exec  *runqueue.Executor
	tasks []*flTask
	quiet bool // keep no log (10,000 tasks)

	mu        sync.Mutex
	log       []string
	polling   int // the task being polled, or 0
	violation string
	early     string   // the clock moved while a woken task waited: a lost wake, or a clock moved too soon
	runGoid   int64    // the goroutine that calls Run
	inWake    []string // wakes that have not returned yet, by who
	inSpawn   []string // spawns that have not returned yet, by who
}

// flTask is a scripted task that records how it is polled. A poll that
// comes without a wake since the last poll began, or after Ready, is a
// mistake of the executor; the task then answers Ready, so that the run
// ends.
type flTask struct {
	id     int
	w      *flWorld
	what   string
	script []flAct

	// guarded by w.mu
	polls      int
	woken      bool // woken since its last poll began
	wokenBy    string
	wokenAt    time.Duration // the clock's time at that wake
	waker      core.Waker
	readyAt    int
	afterReady int
	unwoken    int // the first poll made without a wake
}

func flNewWorld() *flWorld {
	w := &flWorld{clock: core.NewManualClock()}
	w.exec = runqueue.NewExecutor(w.clock)
	return w
}

// spawn adds a task that follows script, then is Ready.
func (w *flWorld) spawn(what string, script ...flAct) *flTask {
	t := &flTask{id: len(w.tasks) + 1, w: w, what: what, script: append(script, flAct{kind: flReady})}
	w.tasks = append(w.tasks, t)
	w.exec.Spawn(t)
	return t
}

func (w *flWorld) note(format string, args ...any) {
	if !w.quiet {
		w.log = append(w.log, fmt.Sprintf(format, args...))
	}
}

func (t *flTask) name() string { return fmt.Sprintf("task %d (%s)", t.id, t.what) }

// wake calls the task's latest waker; by says who, for the log.
func (t *flTask) wake(by string) {
	w := t.w
	now := w.clock.Elapsed()
	w.mu.Lock()
	if !t.woken {
		t.wokenAt = now
	}
	t.woken = true
	t.wokenBy = by
	waker := t.waker
	w.note("  task %d woken from %s", t.id, by)
	call := fmt.Sprintf("task %d's waker, called from %s,", t.id, by)
	w.inWake = append(w.inWake, call)
	w.mu.Unlock()
	if waker != nil {
		waker.Wake()
	}
	w.mu.Lock()
	w.inWake = flRemove(w.inWake, call)
	w.mu.Unlock()
}

// flRemove removes one s from list.
func flRemove(list []string, s string) []string {
	for i, x := range list {
		if x == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// timerFired is called by a task's timer when it fires, before its wake:
// by then every task woken earlier must have been polled, for the clock
// moves only when the queue is empty.
func (w *flWorld) timerFired(t *flTask) {
	now := w.clock.Elapsed()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.early != "" {
		return
	}
	for _, u := range w.tasks {
		if u.woken && u.readyAt == 0 && u.wokenAt < now {
			w.early = fmt.Sprintf("the clock moved on to %v, where task %d's timer fired, while %s, woken at %v "+
				"from %s, was still waiting for its poll: move the clock only when the queue is empty. A wake "+
				"means \"ready now\"; what it made ready must run before anything that happens later", now, t.id,
				u.name(), u.wokenAt, u.wokenBy)
			return
		}
	}
}

func (t *flTask) Poll(cx *core.Context) (res core.Poll[struct{}]) {
	w := t.w
	w.mu.Lock()
	t.polls++
	n := t.polls
	woken, by := t.woken, t.wokenBy
	t.woken = false
	if cx != nil {
		t.waker = cx.Waker()
	}
	var act flAct
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
	if act.kind == flReady && t.readyAt == 0 {
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
	outer := w.polling
	w.polling = t.id
	if g := flGoid(); g != w.runGoid && w.violation == "" {
		w.violation = fmt.Sprintf("%s was polled (poll #%d) on another goroutine than the one that called Run: "+
			"this executor runs every task on Run's goroutine, one poll at a time", t.name(), n)
	}
	if outer != 0 && w.violation == "" {
		w.violation = fmt.Sprintf("%s was polled (poll #%d) inside the poll of task %d, which had not returned yet: "+
			"Spawn and a waker only put a task on the queue, and Run polls it once the poll in progress has "+
			"returned. One poll at a time, each one from Run's loop", t.name(), n, outer)
	}
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.polling = outer
		w.note("  -> %v", res)
		w.mu.Unlock()
	}()
	if act.kind != flReady && cx == nil {
		panic("Poll was called with a nil *core.Context: give each task a context holding its waker")
	}
	who := fmt.Sprintf("task %d's poll #%d", t.id, n)
	spawns := act.many
	if act.spawn {
		spawns++
	}
	for i := range spawns {
		w.mu.Lock()
		w.note("  spawned task %d", len(w.tasks)+1)
		call := fmt.Sprintf("Spawn, called from %s (its spawn #%d),", who, i+1)
		w.inSpawn = append(w.inSpawn, call)
		w.mu.Unlock()
		w.spawn("spawned by task " + fmt.Sprint(t.id) + ", Ready at once")
		w.mu.Lock()
		w.inSpawn = flRemove(w.inSpawn, call)
		w.mu.Unlock()
	}
	for _, k := range act.wakes {
		w.tasks[k-1].wake(who)
	}
	switch act.kind {
	case flReady:
		return core.Ready(struct{}{})
	case flSelf:
		for range act.n {
			t.wake("its own poll")
		}
	case flOther:
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range act.n {
				t.wake("another goroutine, during its poll")
			}
		}()
		<-done
	case flSleep:
		w.clock.AfterFunc(act.d, func() {
			w.timerFired(t)
			t.wake(fmt.Sprintf("the timer at %v, on the clock's goroutine", w.clock.Elapsed()))
		})
		w.mu.Lock()
		w.note("  set a timer for %v", act.d)
		w.mu.Unlock()
	}
	return core.Pending[struct{}]()
}

// flOutcome is what one Run did.
type flOutcome struct {
	err      error
	panicked any
	timedOut bool
}

// run runs the executor, at most flBound.
func (w *flWorld) run() flOutcome {
	done := make(chan flOutcome, 1)
	go func() {
		var o flOutcome
		defer func() {
			o.panicked = recover()
			done <- o
		}()
		w.mu.Lock()
		w.runGoid = flGoid()
		w.mu.Unlock()
		o.err = w.exec.Run()
	}()
	select {
	case o := <-done:
		return o
	case <-time.After(flBound):
		return flOutcome{timedOut: true}
	}
}

// story is the log, indented below a message; long logs keep their end.
func (w *flWorld) story() string {
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
func (w *flWorld) check(stuck int) string {
	o := w.run()
	w.mu.Lock()
	violation, early := w.violation, w.early
	inWake, inSpawn := w.inWake, w.inSpawn
	var lost, unfinished []*flTask
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
	case o.timedOut && len(inWake) > 0:
		return fmt.Sprintf("Run had not returned %v after it started, and %s never returned: the waker waits for "+
			"something that never comes, most likely the executor's mutex, held by Run while it polls. Unlock "+
			"before you poll a task: its poll calls wakers, and a waker takes that mutex%s", flBound, inWake[0], w.story())
	case o.timedOut && len(inSpawn) > 0:
		return fmt.Sprintf("Run had not returned %v after it started, and %s never returned: it waits for "+
			"something that never comes (room on a queue of fixed size? the executor's mutex?). A run queue has "+
			"no fixed size: tasks are spawned and woken by the thousand, some of them during a poll%s",
			flBound, inSpawn[0], w.story())
	case len(lost) > 0 && !o.timedOut:
		t := lost[0]
		return fmt.Sprintf("%s was woken from %s but never polled again: the wake was lost. Was the task still "+
			"marked as queued when the wake came, and the mark cleared after the poll? Clear it before "+
			"the poll%s", t.name(), t.wokenBy, w.story())
	case early != "":
		// The task woken before the clock moved was polled in the end:
		// its wake was not lost, the clock moved too soon.
		return early + w.story()
	case o.timedOut && stuck > 0:
		return fmt.Sprintf("Run had not returned %v after it started, and %d of the tasks can never finish: when "+
			"the queue is empty and the clock has no timer (AdvanceToNext returns false), nothing can wake "+
			"them; return an error that wraps ErrStuck%s", flBound, stuck, w.story())
	case o.timedOut:
		return fmt.Sprintf("Run had not returned %v after it started, with %d tasks not finished: when the "+
			"queue is empty, move the clock to its next timer (AdvanceToNext) and poll what it woke%s",
			flBound, len(unfinished), w.story())
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

func TestPollsEachSpawnedTaskOnce(t *testing.T) {
	w := flNewWorld()
	for range 3 {
		w.spawn("Ready at once")
	}
	if p := w.check(0); p != "" {
		t.Fatal(p)
	}
}

// flBasicProblemNow is the first check of waking: tasks that wait for a
// timer, for themselves and for each other.
func flBasicProblemNow() string {
	w := flNewWorld()
	w.spawn("sleeps 10ms, then Ready", flAct{kind: flSleep, d: 10 * time.Millisecond})
	w.spawn("wakes itself twice in a row, then wakes task 3 and is Ready",
		flAct{kind: flSelf, n: 1}, flAct{kind: flSelf, n: 1}, flAct{kind: flReady, wakes: []int{3}})
	w.spawn("waits for task 2, then Ready", flAct{kind: flWait})
	w.spawn("sleeps 5ms, then 20ms, then Ready",
		flAct{kind: flSleep, d: 5 * time.Millisecond}, flAct{kind: flSleep, d: 20 * time.Millisecond})
	return w.check(0)
}

// flBasicProblem is the first check's finding in this run of the checks
// (go test -count runs them all again, so it is worked out afresh each
// time the first check runs); the later checks wait for it.
var flBasicProblemSeen atomic.Pointer[string]

func flBasicProblem(fresh bool) string {
	if p := flBasicProblemSeen.Load(); p != nil && !fresh {
		return *p
	}
	p := flBasicProblemNow()
	flBasicProblemSeen.Store(&p)
	return p
}

func flNeedsBasics(t *testing.T) {
	t.Helper()
	if flBasicProblem(false) != "" {
		t.Skip("not checked yet: tasks must first be polled once per wake, with timers")
	}
}

func TestPollsATaskOnlyAfterAWake(t *testing.T) {
	if p := flBasicProblem(true); p != "" {
		t.Fatal(p)
	}
	t.Logf("every task was polled once when spawned and once per wake, and the clock moved when nothing else could run")
}

func TestKeepsAWakeThatCameDuringThePoll(t *testing.T) {
	flNeedsBasics(t)
	w := flNewWorld()
	w.spawn("wakes itself during poll #1, then Ready", flAct{kind: flSelf, n: 1})
	w.spawn("woken by another goroutine during poll #1, then Ready", flAct{kind: flOther, n: 1})
	w.spawn("sleeps 1ms, then wakes itself, then Ready",
		flAct{kind: flSleep, d: time.Millisecond}, flAct{kind: flSelf, n: 1})
	if p := w.check(0); p != "" {
		t.Fatal(p)
	}
}

func TestManyWakesBeforeItsTurnBuyOnePoll(t *testing.T) {
	flNeedsBasics(t)
	w := flNewWorld()
	// Tasks 2 and 3 wake task 1 from their second polls, so that task 1
	// has had its first poll, whatever order the queue keeps.
	w.spawn("waits, then waits again, then Ready", flAct{kind: flWait}, flAct{kind: flWait})
	w.spawn("sleeps 1ms, then wakes task 1 and itself 3×, then Ready",
		flAct{kind: flSleep, d: time.Millisecond}, flAct{kind: flSelf, n: 3, wakes: []int{1}})
	w.spawn("sleeps 1ms, then wakes task 1 and is woken 2× by another goroutine, then Ready",
		flAct{kind: flSleep, d: time.Millisecond}, flAct{kind: flOther, n: 2, wakes: []int{1}})
	w.spawn("sleeps 2ms, then wakes task 1 and is Ready",
		flAct{kind: flSleep, d: 2 * time.Millisecond}, flAct{kind: flReady, wakes: []int{1}})
	if p := w.check(0); p != "" {
		t.Fatal(p)
	}
}

func TestATaskCanSpawnTasks(t *testing.T) {
	flNeedsBasics(t)
	w := flNewWorld()
	w.spawn("spawns a task, then wakes itself, then spawns another and is Ready",
		flAct{kind: flSelf, n: 1, spawn: true}, flAct{kind: flReady, spawn: true})
	if p := w.check(0); p != "" {
		t.Fatal(p)
	}
	if len(w.tasks) != 3 {
		t.Fatalf("only %d of the 3 tasks were spawned%s", len(w.tasks), w.story())
	}
}

func TestNeverPollsAFinishedTask(t *testing.T) {
	flNeedsBasics(t)
	w := flNewWorld()
	w.spawn("wakes itself and is Ready in the same poll", flAct{kind: flReady, wakes: []int{1}})
	w.spawn("sleeps 1ms, then wakes task 1 (finished by then) and is Ready",
		flAct{kind: flSleep, d: time.Millisecond}, flAct{kind: flReady, wakes: []int{1}})
	if p := w.check(0); p != "" {
		t.Fatal(p)
	}
}

func TestReportsTasksThatNothingCanWake(t *testing.T) {
	flNeedsBasics(t)
	w := flNewWorld()
	w.spawn("waits for a wake that never comes", flAct{kind: flWait})
	w.spawn("sleeps an hour, then Ready", flAct{kind: flSleep, d: time.Hour})
	w.spawn("waits for a wake that never comes", flAct{kind: flWait})
	w.spawn("wakes itself, then Ready", flAct{kind: flSelf, n: 1})
	if p := w.check(2); p != "" {
		t.Fatal(p)
	}
	// Stuck in other ways: after a wake, and after a timer.
	w = flNewWorld()
	w.spawn("waits, is woken by task 2, then waits for a wake that never comes", flAct{kind: flWait}, flAct{kind: flWait})
	w.spawn("wakes task 1, then Ready", flAct{kind: flReady, wakes: []int{1}})
	w.spawn("sleeps 3ms, then waits for a wake that never comes", flAct{kind: flSleep, d: 3 * time.Millisecond},
		flAct{kind: flWait})
	w.spawn("waits for a wake that never comes", flAct{kind: flWait})
	if p := w.check(3); p != "" {
		t.Fatal(p)
	}
	t.Logf("2 stuck tasks reported after the clock's last timer (1h) fired, then 3 (one stuck after a wake, one after a timer)")
}

func TestTenThousandTasks(t *testing.T) {
	flNeedsBasics(t)
	const n = 10_000
	w := flNewWorld()
	w.quiet = true
	for i := range n {
		switch i % 4 {
		case 0:
			first := flAct{kind: flSleep, d: time.Duration(1+i%7) * time.Millisecond}
			what := "sleeps, then wakes itself, then Ready"
			if i == 0 {
				// More tasks than the 10,000 at once: a queue has no fixed size.
				first.many = 50
				what = "spawns 50 tasks and sleeps, then wakes itself, then Ready"
			}
			w.spawn(what, first, flAct{kind: flSelf, n: 1})
		case 1:
			w.spawn("waits for the next task, then Ready", flAct{kind: flWait})
		case 2:
			w.spawn("sleeps, then wakes the task before it and is Ready",
				flAct{kind: flSleep, d: time.Duration(1+i%5) * time.Millisecond}, flAct{kind: flReady, wakes: []int{i}})
		default:
			w.spawn("Ready at once")
		}
	}
	if p := w.check(0); p != "" {
		t.Fatalf("%d tasks: %s", n, p)
	}
	polls := 0
	for _, task := range w.tasks {
		polls += task.polls
	}
	t.Logf("%d tasks (and 50 spawned by the first) finished in %d polls, each one spawned or woken; the clock moved to %v",
		n, polls, w.clock.Elapsed())
}

// TestGuardsWhatWakersShare reads the code: a task's waker may be called
// from any goroutine (a timer's, another thread's) at any moment, so what it
// touches, the queue and the marks, needs a mutex (or atomics, or a
// channel). go test -race would catch a data race there, but the checks
// build without cgo, which -race needs, so they read the code instead.
func TestGuardsWhatWakersShare(t *testing.T) {
	flNeedsBasics(t)
	fset, files := flSyntax()
	var wakers []ast.Node
	for _, f := range files {
		core := flImportName(f, "github.com/futurelings/futurelings/core")
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr: // core.WakerFunc(...)
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "WakerFunc" && len(n.Args) == 1 {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == core {
						wakers = append(wakers, n.Args[0])
					}
				}
			case *ast.FuncDecl: // a Wake method of the package's own
				if n.Recv != nil && n.Name.Name == "Wake" && n.Body != nil {
					wakers = append(wakers, n.Body)
				}
			}
			return true
		})
	}
	for _, wk := range wakers {
		if len(flSyncUses(fset, files, wk)) == 0 {
			t.Fatalf("the tasks' waker (%s) takes no lock and uses no atomic or channel, while a waker may be called "+
				"from any goroutine (a timer's, another thread's) at the very moment Run takes a task off the queue: "+
				"a data race on the queue and the marks, which can lose a wake or a task. go test -race reports it when the two meet. "+
				"Guard what wakers and Run share with one sync.Mutex", flPos(fset, wk.Pos()))
		}
	}
	t.Logf("the tasks' wakers synchronize what they share with Run")
}

// TestExecutorsKeepTheirOwnTasks runs two executors, one after the other:
// each must poll only the tasks spawned on it.
func TestExecutorsKeepTheirOwnTasks(t *testing.T) {
	flNeedsBasics(t)
	if p := flGlobalStateProblem("run_queue", "Keep the queue, the count of tasks left and the marks in the "+
		"Executor and its tasks: every executor has a run queue of its own."); p != "" {
		t.Fatal(p)
	}
	a, b := flNewWorld(), flNewWorld()
	a.spawn("sleeps 1ms, then Ready", flAct{kind: flSleep, d: time.Millisecond})
	b.spawn("wakes itself, then Ready", flAct{kind: flSelf, n: 1})
	a.spawn("wakes itself, then Ready", flAct{kind: flSelf, n: 1})
	b.spawn("sleeps 2ms, then Ready", flAct{kind: flSleep, d: 2 * time.Millisecond})
	pa := a.check(0)
	b.mu.Lock()
	var polled *flTask
	for _, task := range b.tasks {
		if task.polls > 0 && polled == nil {
			polled = task
		}
	}
	b.mu.Unlock()
	if polled != nil {
		t.Fatalf("two executors, A and B, each with two tasks: A's Run polled %s, spawned on B, whose Run had not "+
			"even started. A task belongs to the executor it was spawned on: its queue, its count of tasks "+
			"left and its wakers are that executor's own, kept in the Executor, not in package-level variables",
			polled.name())
	}
	if pa != "" {
		t.Fatalf("with a second executor waiting to run: %s", pa)
	}
	if pb := b.check(0); pb != "" {
		t.Fatalf("after another executor had run: %s", pb)
	}
	t.Logf("two executors ran one after the other, each polling only its own tasks")
}

// TestNeedsNoGoroutineOfItsOwn reads the code: every poll runs on Run's
// goroutine, every wake is a call of the task's waker, and the clock's
// timers already run on a goroutine of their own.
func TestNeedsNoGoroutineOfItsOwn(t *testing.T) {
	flNeedsBasics(t)
	if uses := flGoroutines(); len(uses) > 0 {
		t.Fatalf("the executor starts a goroutine (%s): it needs none. Run polls every task on its own "+
			"goroutine, and a task's waker puts the task back on the queue right there, on whatever goroutine "+
			"called it (a poll's, a timer's). A goroutine per task or per wake is what the run queue replaces: "+
			"10,000 waiting tasks must cost 10,000 small structs, not 10,000 stacks", flList(uses))
	}
	t.Logf("the executor starts no goroutine: tasks are polled on Run's, and woken on their wakers' callers'")
}

// flNoImporter imports nothing: only the package's own constants matter.
type flNoImporter struct{}

func (flNoImporter) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not needed", path)
}

// TestQueueHasNoFixedSize reads the code: a channel made with room for a
// fixed number of tasks is a queue that blocks its wakers once it is full,
// however large the number.
func TestQueueHasNoFixedSize(t *testing.T) {
	flNeedsBasics(t)
	fset, files := flSyntax()
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: flNoImporter{}, Error: func(error) {}}
	conf.Check("runqueue", fset, files, info) // errors from the missing imports are expected
	var fixed []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "make" {
				return true
			}
			if _, ok := call.Args[0].(*ast.ChanType); !ok {
				return true
			}
			v := info.Types[call.Args[1]].Value
			if v != nil && v.Kind() == constant.Int && constant.Compare(v, token.GTR, constant.MakeInt64(1)) {
				fixed = append(fixed, fmt.Sprintf("a channel with room for %s at %s", v, flPos(fset, call.Pos())))
			}
			return true
		})
	}
	if len(fixed) > 0 {
		t.Fatalf("the executor makes %s: a queue of fixed size, however large. Once it is full, the next "+
			"wake or Spawn blocks, and when that comes from a poll on Run's goroutine, nothing will ever empty "+
			"it. Tasks are spawned and woken by the thousand, some during a poll: keep the queue in a slice "+
			"you append to", strings.Join(fixed, ", "))
	}
	t.Logf("no channel of fixed size: the queue grows as tasks are spawned and woken")
}

// flWakeStorm is a task that calls its waker n times during its first
// poll, and notes how much the executor allocated meanwhile; it is Ready
// when polled again.
type flWakeStorm struct {
	n     int
	polls int
	alloc uint64
}

func (f *flWakeStorm) Poll(cx *core.Context) core.Poll[struct{}] {
	f.polls++
	if f.polls > 1 || cx == nil {
		return core.Ready(struct{}{})
	}
	waker := cx.Waker()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range f.n {
		waker.Wake()
	}
	runtime.ReadMemStats(&after)
	f.alloc = after.TotalAlloc - before.TotalAlloc
	return core.Pending[struct{}]()
}

// TestQueuesATaskOnce wakes a task many times before its turn: however
// many wakes, it is on the queue once, so the wakes cost no memory.
func TestQueuesATaskOnce(t *testing.T) {
	flNeedsBasics(t)
	const n = 200_000
	w := flNewWorld()
	storm := &flWakeStorm{n: n}
	w.exec.Spawn(storm)
	o := w.run()
	switch {
	case o.panicked != nil:
		t.Fatalf("Run panicked: %v", o.panicked)
	case o.timedOut:
		t.Fatalf("Run had not returned %v after it started, with one task that woke itself %d times in its first "+
			"poll: the wakes buy one more poll, then it is Ready", flBound, n)
	case o.err != nil:
		t.Fatalf("Run returned the error %q for one task that woke itself %d times in its first poll, and is Ready "+
			"when polled again", o.err, n)
	case storm.polls != 2:
		t.Fatalf("a task that woke itself %d times in its first poll was polled %d times in all, want 2: the wakes "+
			"before its turn buy one poll", n, storm.polls)
	case storm.alloc > n:
		t.Fatalf("a task that woke itself %d times during one poll made the executor allocate %d KiB meanwhile, "+
			"about %d bytes a wake: does every wake put the task on the queue again, for Run to skip the extra "+
			"copies later? Then the queue grows with every wake instead of with every task. A task already on the "+
			"queue is not put on it again: a wake that finds its \"queued\" mark set does nothing, and allocates "+
			"nothing", n, storm.alloc/1024, storm.alloc/n)
	}
	t.Logf("a task woke itself %d times in one poll: it was queued once, polled once more, and the wakes "+
		"allocated %d bytes", n, storm.alloc)
}
