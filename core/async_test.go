package core_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
)

// addSlowly is the lesson's add_slowly written with Async: two awaits of
// futures that are each Pending once.
func addSlowly(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await(aw, newYieldOnce(a))
		y := core.Await(aw, newYieldOnce(b))
		return x + y
	})
}

// stepSummary is the part of a step these tests compare.
type stepSummary struct {
	Result string
	Wakes  int
}

func summarize[T any](steps []core.Step[T]) []stepSummary {
	out := make([]stepSummary, len(steps))
	for i, s := range steps {
		out[i] = stepSummary{s.Result.String(), s.Wakes}
		if s.Panicked {
			out[i].Result = fmt.Sprintf("panicked: %v", s.Panic)
		}
	}
	return out
}

func checkSteps[T any](t *testing.T, name string, r *core.Recorder[T], want []stepSummary) {
	t.Helper()
	got := summarize(r.Steps())
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: steps\n got %v\nwant %v\ntrace:\n%s", name, got, want, r.Trace())
	}
}

func TestAsyncAwaitingTwoFuturesTakesThreePolls(t *testing.T) {
	tests := []struct{ a, b uint32 }{
		{1, 2}, {0, 0}, {40, 2}, {math.MaxUint32, 1}, {math.MaxUint32, math.MaxUint32}, {123456, 654321},
	}
	for _, tt := range tests {
		want := tt.a + tt.b
		r := core.NewRecorder(addSlowly(tt.a, tt.b))
		steps := r.Run(10)
		checkSteps(t, fmt.Sprintf("addSlowly(%d, %d)", tt.a, tt.b), r, []stepSummary{
			{"Pending", 1},
			{"Pending", 1},
			{core.Ready(want).String(), 0},
		})
		if len(steps) != 3 {
			t.Errorf("addSlowly(%d, %d): Run took %d polls, want 3", tt.a, tt.b, len(steps))
		}
	}
}

func TestAsyncBodyStartsOnFirstPoll(t *testing.T) {
	ran := 0
	f := core.Async(func(aw *core.Awaiter) int {
		ran++
		return 7
	})
	if ran != 0 {
		t.Errorf("the body ran %d times before the first poll, want 0: a future does nothing until polled", ran)
	}
	if p := f.Poll(core.NewContext(nil)); p.String() != "Ready(7)" {
		t.Errorf("poll #1 of a body without awaits returned %v, want Ready(7)", p)
	}
	if ran != 1 {
		t.Errorf("the body ran %d times, want 1", ran)
	}
}

func TestAwaitOfAReadyFutureDoesNotSuspend(t *testing.T) {
	r := core.NewRecorder(core.Async(func(aw *core.Awaiter) string {
		return core.Await[string](aw, core.FutureFunc[string](func(*core.Context) core.Poll[string] {
			return core.Ready("now")
		})) + "!"
	}))
	r.Run(5)
	checkSteps(t, "awaiting a Ready future", r, []stepSummary{{`Ready("now!")`, 0}})
}

// contextSpy is Pending (with a wake) on its first poll and Ready on the
// second; it remembers the contexts it was polled with.
type contextSpy struct {
	seen []*core.Context
}

func (s *contextSpy) Poll(cx *core.Context) core.Poll[int] {
	s.seen = append(s.seen, cx)
	if len(s.seen) == 1 {
		cx.Waker().Wake()
		return core.Pending[int]()
	}
	return core.Ready(len(s.seen))
}

func TestAwaitPassesTheCurrentContextOn(t *testing.T) {
	a, b := &contextSpy{}, &contextSpy{}
	f := core.Async(func(aw *core.Awaiter) int {
		return core.Await[int](aw, a) + core.Await[int](aw, b)
	})
	var wakers [3]core.CountingWaker
	var cxs [3]*core.Context
	for i := range cxs {
		cxs[i] = core.NewContext(&wakers[i])
	}
	for i, want := range []string{"Pending", "Pending", "Ready(4)"} {
		if got := f.Poll(cxs[i]).String(); got != want {
			t.Errorf("poll #%d returned %s, want %s", i+1, got, want)
		}
	}
	for i, want := range []int{1, 1, 0} {
		if got := wakers[i].Count(); got != want {
			t.Errorf("the waker of poll #%d was woken %d times, want %d", i+1, got, want)
		}
	}
	check := func(name string, seen []*core.Context, want ...*core.Context) {
		t.Helper()
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Errorf("%s was polled with contexts %v, want %v (the context of each poll of the Async future)", name, seen, want)
		}
	}
	check("the first awaited future", a.seen, cxs[0], cxs[1])
	check("the second awaited future", b.seen, cxs[1], cxs[2])
}

func TestAsyncRunsUnderPollToCompletion(t *testing.T) {
	got, err := core.PollToCompletion(addSlowly(20, 22))
	if err != nil || got != 42 {
		t.Errorf("PollToCompletion(addSlowly(20, 22)) = %d, %v; want 42, nil", got, err)
	}

	// A sub-future woken later, from a timer goroutine.
	f := core.Async(func(aw *core.Awaiter) int {
		return core.Await[int](aw, &afterFuncFuture{n: 2}) * 10
	})
	got2, err := core.PollToCompletionWith(f, core.Options{WakeTimeout: 10 * time.Second})
	if err != nil || got2 != 30 {
		t.Errorf("PollToCompletion of an Async awaiting a timer-woken future = %d, %v; want 30, nil", got2, err)
	}

	// Pending without a wake inside the body is a lost wake-up of the
	// whole Async future.
	lost := core.Async(func(aw *core.Awaiter) int { return core.Await(aw, pendingNoWake[int]()) })
	_, err = core.PollToCompletionWith(lost, core.Options{WakeTimeout: 20 * time.Millisecond})
	if !errors.Is(err, core.ErrLostWakeup) {
		t.Errorf("an Async awaiting a future that never wakes: error %v, want a lost wake-up", err)
	}
	core.Drop(lost)
}

func TestNestedAsync(t *testing.T) {
	inner := func(a, b uint32) core.Future[uint32] { return addSlowly(a, b) }
	outer := core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await(aw, inner(1, 2))
		y := core.Await(aw, newYieldOnce[uint32](10))
		z := core.Await(aw, core.Async(func(aw *core.Awaiter) uint32 {
			return core.Await(aw, inner(100, 200)) + 1000
		}))
		return x + y + z
	})
	r := core.NewRecorder(outer)
	r.Run(20)
	checkSteps(t, "nested Async", r, []stepSummary{
		{"Pending", 1}, // inner(1, 2) waits for 1
		{"Pending", 1}, // inner(1, 2) waits for 2
		{"Pending", 1}, // yieldOnce(10)
		{"Pending", 1}, // inner(100, 200) waits for 100
		{"Pending", 1}, // inner(100, 200) waits for 200
		{"Ready(1313)", 0},
	})
}

func TestAsyncBodyPanicReachesThePoller(t *testing.T) {
	boom := errors.New("boom")
	for _, panicOn := range []int{1, 2} {
		f := core.Async(func(aw *core.Awaiter) int {
			if panicOn == 2 {
				core.Await(aw, newYieldOnce(0))
			}
			panic(boom)
		})
		cx := core.NewContext(nil)
		for poll := 1; poll < panicOn; poll++ {
			if p := f.Poll(cx); !p.IsPending() {
				t.Fatalf("poll #%d returned %v, want Pending", poll, p)
			}
		}
		v, panicked := catchPanic(func() { f.Poll(cx) })
		if !panicked {
			t.Errorf("poll #%d: the body panicked but Poll returned normally", panicOn)
			continue
		}
		if err, _ := v.(error); !errors.Is(err, boom) {
			t.Errorf("poll #%d panicked with %v, want the body's own panic value %v", panicOn, v, boom)
		}
		wantPanic(t, fmt.Sprintf("poll #%d after the body panicked", panicOn+1),
			func() { f.Poll(cx) }, "polled again after its body panicked")
	}
}

func TestAsyncPolledAfterCompletionPanics(t *testing.T) {
	f := addSlowly(1, 1)
	if _, err := core.PollToCompletion(f); err != nil {
		t.Fatal(err)
	}
	wantPanic(t, "poll after Ready", func() { f.Poll(core.NewContext(nil)) }, "polled after completion")
}

func TestAwaitOutsideItsBodyPanics(t *testing.T) {
	ready := core.FutureFunc[int](func(*core.Context) core.Poll[int] { return core.Ready(1) })

	wantPanic(t, "Await with a nil Awaiter", func() { core.Await[int](nil, ready) }, "Await needs the *Awaiter")
	wantPanic(t, "Await with a zero Awaiter", func() { core.Await[int](&core.Awaiter{}, ready) }, "Await needs the *Awaiter")

	// An Awaiter kept after the body returned.
	var kept *core.Awaiter
	f := core.Async(func(aw *core.Awaiter) int { kept = aw; return 0 })
	f.Poll(core.NewContext(nil))
	wantPanic(t, "Await after the body returned", func() { core.Await[int](kept, ready) },
		"Await called outside the poll of its Async future")

	// An Awaiter used between two polls, while the body is suspended.
	var leaked *core.Awaiter
	g := core.Async(func(aw *core.Awaiter) int { leaked = aw; return core.Await(aw, newYieldOnce(2)) })
	g.Poll(core.NewContext(nil))
	wantPanic(t, "Await while the body is suspended", func() { core.Await[int](leaked, ready) },
		"Await called outside the poll of its Async future")
	if got := g.Poll(core.NewContext(nil)).String(); got != "Ready(2)" {
		t.Errorf("poll #2 after the misuse returned %s, want Ready(2): the future itself is unharmed", got)
	}

	// An Awaiter kept from a body that panicked.
	var fromPanic *core.Awaiter
	h := core.Async(func(aw *core.Awaiter) int { fromPanic = aw; panic("boom") })
	catchPanic(func() { h.Poll(core.NewContext(nil)) })
	wantPanic(t, "Await after the body panicked", func() { core.Await[int](fromPanic, pendingNoWake[int]()) },
		"Await called outside the poll of its Async future")
}

// goroutineSlack allows for goroutines that come and go on their own while
// a test counts: timers firing, the runtime's cleanup goroutines.
const goroutineSlack = 10

func TestDropEndsASuspendedAsyncAtOnce(t *testing.T) {
	const n = 50
	base := waitForGoroutines(runtime.NumGoroutine())
	deferred := make([]bool, n)
	resumed := 0
	futs := make([]core.Future[int], n)
	for i := range futs {
		futs[i] = core.Async(func(aw *core.Awaiter) int {
			defer func() { deferred[i] = true }()
			core.Await(aw, pendingNoWake[int]())
			resumed++
			return 1
		})
		futs[i].Poll(core.NewContext(nil))
	}
	if got := runtime.NumGoroutine(); got < base+n-goroutineSlack {
		t.Errorf("%d suspended Async futures but %d goroutines (was %d): each should own a coroutine", n, got, base)
	}
	for i, f := range futs {
		core.Drop(f)
		if !deferred[i] {
			t.Errorf("future %d: Drop returned before the body's deferred call ran", i)
		}
	}
	if resumed != 0 {
		t.Errorf("Drop resumed %d bodies past their Await; it should unwind them", resumed)
	}
	if got := waitForGoroutines(base); got > base {
		t.Errorf("after Drop of %d suspended futures, %d goroutines are left, want %d: their coroutines should end",
			n, got, base)
	}
	wantPanic(t, "poll after Drop", func() { futs[0].Poll(core.NewContext(nil)) }, "polled after Drop")
	core.Drop(futs[0]) // twice is harmless
}

func TestDropIsHarmlessOtherwise(t *testing.T) {
	// Never polled: the body never runs.
	ran := false
	fresh := core.Async(func(aw *core.Awaiter) int { ran = true; return 1 })
	core.Drop(fresh)
	if ran {
		t.Errorf("Drop of a never-polled Async future ran its body")
	}
	wantPanic(t, "poll after Drop of a fresh future", func() { fresh.Poll(core.NewContext(nil)) }, "polled after Drop")

	// Finished: still finished.
	done := addSlowly(2, 3)
	if _, err := core.PollToCompletion(done); err != nil {
		t.Fatal(err)
	}
	core.Drop(done)
	wantPanic(t, "poll after Drop of a finished future", func() { done.Poll(core.NewContext(nil)) }, "polled after completion")

	// Panicked, and futures that are not Async.
	broken := core.Async(func(aw *core.Awaiter) int { panic("boom") })
	catchPanic(func() { broken.Poll(core.NewContext(nil)) })
	core.Drop(broken)
	core.Drop[int](newYieldOnce(1))
	core.Drop(pendingNoWake[int]())
	y := newYieldOnce(5)
	core.Drop[int](y)
	if got, err := core.PollToCompletion[int](y); err != nil || got != 5 {
		t.Errorf("a yieldOnce after Drop ran to %d, %v; want 5, nil (Drop leaves other futures alone)", got, err)
	}
}

func TestDropOfABodyThatRecoversAndAwaitsAgain(t *testing.T) {
	f := core.Async(func(aw *core.Awaiter) int {
		defer func() {
			recover()
			core.Await(aw, newYieldOnce(0))
		}()
		return core.Await(aw, pendingNoWake[int]())
	})
	f.Poll(core.NewContext(nil))
	wantPanic(t, "Drop of a body that recovers and awaits again", func() { core.Drop(f) },
		"Await called after its Async future was dropped")
}

// suspendAbandoned starts n Async futures, polls each once so that it is
// suspended in an Await, and drops every reference to them. Every third one
// awaits a suspended Async of its own. Each body counts its deferred call in
// unwound.
func suspendAbandoned(n int, unwound *atomic.Int64) {
	cx := core.NewContext(nil)
	for i := range n {
		var sub core.Future[int] = pendingNoWake[int]()
		if i%3 == 0 {
			sub = core.Async(func(aw *core.Awaiter) int {
				defer unwound.Add(1)
				return core.Await(aw, pendingNoWake[int]())
			})
		}
		f := core.Async(func(aw *core.Awaiter) int {
			defer unwound.Add(1)
			return core.Await(aw, sub)
		})
		if !f.Poll(cx).IsPending() {
			panic("an Async awaiting a future that never finishes was Ready")
		}
	}
}

func TestAbandonedAsyncFuturesDoNotLeakCoroutines(t *testing.T) {
	const n = 300
	const bodies = n + n/3 // every third future has an Async of its own
	base := waitForGoroutines(runtime.NumGoroutine())
	var unwound atomic.Int64
	suspendAbandoned(n, &unwound)
	if got := runtime.NumGoroutine(); got < base+bodies-goroutineSlack {
		t.Fatalf("%d suspended Async bodies but only %d goroutines (was %d): each should own a coroutine",
			bodies, got, base)
	}
	if got := waitForGoroutines(base); got > base {
		t.Errorf("5 s after dropping %d suspended Async futures, %d goroutines are left, want %d: "+
			"abandoned coroutines are not being collected", n, got, base)
	}
	deadline := time.Now().Add(5 * time.Second)
	for unwound.Load() < bodies && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if got := unwound.Load(); got != bodies {
		t.Errorf("%d of %d abandoned bodies ran their deferred calls, want all", got, bodies)
	}
}
