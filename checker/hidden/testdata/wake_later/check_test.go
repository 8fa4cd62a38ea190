package wakelater_test

import (
	"fmt"
	"go/ast"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	wakelater "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/wake_later"
)

// flDur is the Delay most checks make; one check also makes a longer one,
// so that a timer set for a fixed 10ms instead of the Delay's own duration
// shows.
const flDur = 10 * time.Millisecond

// flBound turns a hang into a message: nothing a correct Delay does takes a
// measurable time, so waiting this long means it never will happen.
const flBound = 2 * time.Second

// flGoid is the id of the calling goroutine, as runtime.Stack prints it.
func flGoid() int64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, ' ')], 10, 64)
	return id
}

// flBlocked reports whether goroutine id is waiting on a lock or a channel.
func flBlocked(id int64) bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	head := fmt.Sprintf("goroutine %d [", id)
	for _, g := range strings.Split(string(buf), "\n\n") {
		if rest, ok := strings.CutPrefix(g, head); ok {
			state := rest[:strings.IndexAny(rest, ",]")]
			for _, w := range []string{"chan receive", "chan send", "select", "sync.", "semacquire"} {
				if strings.HasPrefix(state, w) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// flWaitUntil waits for cond, at most flBound, and reports whether it held.
func flWaitUntil(cond func() bool) bool {
	deadline := time.Now().Add(flBound)
	for i := 0; !cond(); i++ {
		if time.Now().After(deadline) {
			return false
		}
		if i < 100 {
			runtime.Gosched()
		} else {
			time.Sleep(50 * time.Microsecond)
		}
	}
	return true
}

// flWaker is the waker of one poll. It counts its wakes, and those that
// came from inside the poll itself.
type flWaker struct {
	poll  int
	h     *flHarness
	wakes atomic.Int32
	self  atomic.Int32
}

func (w *flWaker) Wake() {
	if w.h.polling.Load() && flGoid() == w.h.poller.Load() {
		w.self.Add(1)
	}
	w.wakes.Add(1)
}

// flClock is the Delay's clock: a core.ManualClock that can also fire a
// timer in the middle of a poll, the moment the Delay sets it or looks at
// the time, the way work on another thread can finish at any moment.
type flClock struct {
	inner      *core.ManualClock
	dur        time.Duration // the Delay's: how far a move in the middle of a poll goes
	fireOnSet  bool          // fire each timer inside the AfterFunc that sets it
	fireOnNow  atomic.Bool   // fire due timers inside the next Now
	timerGoid  atomic.Int64
	afterFuncs atomic.Int32
	fires      []*flFire
}

// flFire is one move of the clock made in the middle of a poll.
type flFire struct {
	done  chan struct{}
	panic any
}

func (c *flClock) Now() time.Time {
	t := c.inner.Now()
	if c.fireOnNow.CompareAndSwap(true, false) {
		c.fire(c.dur)
	}
	return t
}

func (c *flClock) AfterFunc(d time.Duration, f func()) core.Timer {
	c.afterFuncs.Add(1)
	t := c.inner.AfterFunc(d, func() {
		c.timerGoid.Store(flGoid())
		f()
	})
	if c.fireOnSet {
		c.fire(d)
	}
	return t
}

// fire moves the clock by d on another goroutine, and waits until the
// timers it fires have returned or are blocked (on a lock the poll holds,
// say), so that the poll goes on exactly after the timer did what it could.
func (c *flClock) fire(d time.Duration) {
	f := &flFire{done: make(chan struct{})}
	c.timerGoid.Store(0)
	go func() {
		defer close(f.done)
		defer func() { f.panic = recover() }()
		c.inner.Advance(d)
	}()
	flWaitUntil(func() bool {
		select {
		case <-f.done:
			return true
		default:
		}
		id := c.timerGoid.Load()
		return id != 0 && flBlocked(id)
	})
	c.fires = append(c.fires, f)
}

// flHarness polls a Delay by hand with a new waker each time, moves its
// clock, and keeps a log of what happened for the messages.
type flHarness struct {
	dur     time.Duration
	clock   *flClock
	delay   *wakelater.Delay
	wakers  []*flWaker
	log     []string
	polling atomic.Bool
	poller  atomic.Int64
}

func flNew(clock *flClock) (h *flHarness, problem string) {
	return flNewFor(clock, flDur)
}

func flNewFor(clock *flClock, dur time.Duration) (h *flHarness, problem string) {
	if clock == nil {
		clock = &flClock{}
	}
	clock.inner = core.NewManualClock()
	clock.dur = dur
	h = &flHarness{clock: clock, dur: dur}
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("NewDelay(clock, %v) panicked: %v", dur, p)
		}
	}()
	h.delay = wakelater.NewDelay(clock, dur)
	if h.delay == nil {
		return nil, fmt.Sprintf("NewDelay(clock, %v) returned nil: it must return a *Delay that can be polled", dur)
	}
	return h, ""
}

// flStep is what one poll did.
type flStep struct {
	n        int
	result   core.Poll[struct{}]
	panicked any
	self     int // wakes of any waker from inside the poll
}

// poll polls the Delay with a new waker. From poll #2 on the waker is a
// core.WakerFunc, as many executors' are: a func, which == cannot compare.
func (h *flHarness) poll() (s flStep) {
	s.n = len(h.wakers) + 1
	w := &flWaker{poll: s.n, h: h}
	h.wakers = append(h.wakers, w)
	var waker core.Waker = w
	if s.n > 1 {
		waker = core.WakerFunc(w.Wake)
	}
	before := h.selfWakes()
	h.poller.Store(flGoid())
	h.polling.Store(true)
	defer func() {
		h.polling.Store(false)
		if p := recover(); p != nil {
			s.panicked = p
		}
		s.self = h.selfWakes() - before
		line := fmt.Sprintf("poll #%d (waker #%d): ", s.n, s.n)
		switch {
		case s.panicked != nil:
			line += fmt.Sprintf("panicked: %v", s.panicked)
			if strings.Contains(fmt.Sprint(s.panicked), "uncomparable") {
				s.panicked = fmt.Sprintf("%v. A waker may be of any type, a func among them (this one is a "+
					"core.WakerFunc), and == on two of those panics. Go has no will_wake: store the waker of "+
					"every poll, whether or not it is the same", s.panicked)
			}
		case s.self > 0:
			line += fmt.Sprintf("%v, woke its own waker %d× during the poll", s.result, s.self)
		case s.result.IsPending():
			line += "Pending, no wake"
		default:
			line += s.result.String()
		}
		h.log = append(h.log, line)
	}()
	s.result = h.delay.Poll(core.NewContext(waker))
	return s
}

func (h *flHarness) selfWakes() int {
	n := 0
	for _, w := range h.wakers {
		n += int(w.self.Load())
	}
	return n
}

// wakes returns each waker's count of wakes.
func (h *flHarness) wakes() []int {
	var c []int
	for _, w := range h.wakers {
		c = append(c, int(w.wakes.Load()))
	}
	return c
}

// advance moves the clock by d and logs which wakers the timers woke.
func (h *flHarness) advance(d time.Duration) (panicked any) {
	before := h.wakes()
	func() {
		defer func() { panicked = recover() }()
		h.clock.inner.Advance(d)
	}()
	line := fmt.Sprintf("the clock moved to %v: ", h.clock.inner.Elapsed())
	if panicked != nil {
		line += fmt.Sprintf("the timer's function panicked: %v", panicked)
	} else {
		line += h.woken(before)
	}
	h.log = append(h.log, line)
	return panicked
}

// woken says which wakers were woken since the counts in before.
func (h *flHarness) woken(before []int) string {
	var parts []string
	for i, n := range h.wakes() {
		if i < len(before) {
			n -= before[i]
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("waker #%d %d×", i+1, n))
		}
	}
	if len(parts) == 0 {
		return "nothing was woken"
	}
	return "the timer woke " + strings.Join(parts, ", ")
}

// story is the log, indented below a message.
func (h *flHarness) story() string {
	return "\n    " + strings.Join(h.log, "\n    ")
}

// flFirstPoll checks poll #1 of a fresh Delay, and a second poll before any
// time has passed: Pending, no wake, one timer.
func flFirstPoll() (*flHarness, string) {
	h, problem := flNew(nil)
	if problem != "" {
		return nil, problem
	}
	head := fmt.Sprintf("NewDelay(clock, %v): ", flDur)
	for _, n := range []int{1, 2} {
		s := h.poll()
		switch {
		case s.panicked != nil:
			return h, fmt.Sprintf("%spoll #%d panicked: %v%s", head, n, s.panicked, h.story())
		case s.self > 0:
			return h, fmt.Sprintf("%spoll #%d returned %v and woke its own waker during the poll: a Delay has "+
				"nothing to do until its timer fires, so that wake only makes the executor poll again at once, "+
				"for another Pending: a busy loop. Leave the waking to the timer%s", head, n, s.result, h.story())
		case s.result.IsReady():
			return h, fmt.Sprintf("%spoll #%d returned %v although the clock has not moved: a Delay of %v is "+
				"Pending until %v have passed on its clock%s", head, n, s.result, flDur, flDur, h.story())
		}
		if timers := h.clock.inner.Timers(); n == 1 && timers == 0 {
			return h, fmt.Sprintf("%spoll #1 returned Pending but set no timer on the Delay's clock, so nothing "+
				"will ever wake it: start one with d.clock.AfterFunc (not time.AfterFunc: the checks move the "+
				"Delay's clock by hand)%s", head, h.story())
		}
	}
	if timers := h.clock.inner.Timers(); timers > 1 {
		return h, fmt.Sprintf("%safter two polls the Delay's clock holds %d timers: start the timer once, on "+
			"the first poll, and let later polls only store their waker%s", head, timers, h.story())
	}
	return h, ""
}

// flFirstPollProblemNow checks the first polls of a fresh Delay.
func flFirstPollProblemNow() string {
	_, p := flFirstPoll()
	return p
}

// flFirstPollProblem is the first check's finding in this run of the checks
// (go test -count runs them all again, so it is worked out afresh each
// time the first check runs); the later checks wait for it.
var flFirstPollProblemSeen atomic.Pointer[string]

func flFirstPollProblem(fresh bool) string {
	if p := flFirstPollProblemSeen.Load(); p != nil && !fresh {
		return *p
	}
	p := flFirstPollProblemNow()
	flFirstPollProblemSeen.Store(&p)
	return p
}

func flNeedsFirstPoll(t *testing.T) {
	t.Helper()
	if flFirstPollProblem(false) != "" {
		t.Skip("not checked yet: the first polls must first be Pending, without a wake, with one timer set")
	}
}

func TestPendingWithoutWakingItself(t *testing.T) {
	if p := flFirstPollProblem(true); p != "" {
		t.Fatal(p)
	}
}

func TestTheTimerWakesOnceFromItsGoroutine(t *testing.T) {
	flNeedsFirstPoll(t)
	for _, dur := range []time.Duration{flDur, 90 * time.Minute} {
		if p := flWakesOnce(dur); p != "" {
			t.Fatal(p)
		}
	}
	t.Logf("woken once, by the timer's goroutine, when the clock reached %v (and a Delay of 90m at 90m)", flDur)
}

// flWakesOnce polls a fresh Delay of dur once, moves the clock to just
// before dur and then to dur, and says what went wrong, or "".
func flWakesOnce(dur time.Duration) string {
	h, problem := flNewFor(nil, dur)
	if problem != "" {
		return problem
	}
	head := fmt.Sprintf("NewDelay(clock, %v): ", dur)
	if s := h.poll(); s.panicked != nil || s.result.IsReady() {
		return fmt.Sprintf("%spoll #1 did not return Pending%s", head, h.story())
	}
	almost := dur - time.Millisecond
	if p := h.advance(almost); p != nil {
		return fmt.Sprintf("%sthe timer's function panicked when the clock moved %v: %v%s", head, almost, p, h.story())
	}
	if n := h.wakers[0].wakes.Load(); n > 0 {
		return fmt.Sprintf("%sthe waker of poll #1 was woken when the clock had moved only %v of the Delay's %v: wake it "+
			"when the time is up, not before (set the timer for the Delay's own duration, d.dur)%s", head, almost, dur, h.story())
	}
	if p := h.advance(time.Millisecond); p != nil {
		return fmt.Sprintf("%sthe timer's function panicked: %v%s", head, p, h.story())
	}
	switch n := h.wakers[0].wakes.Load(); {
	case n == 0:
		return fmt.Sprintf("%sthe clock moved the full %v and nothing woke the waker of poll #1: the timer's function "+
			"must wake the waker that Poll stored, or nobody will ever poll the Delay again%s", head, dur, h.story())
	case n > 1:
		return fmt.Sprintf("%sthe timer woke the waker of poll #1 %d times: one timer, one wake%s", head, n, h.story())
	}
	s := h.poll()
	switch {
	case s.panicked != nil:
		return fmt.Sprintf("%spoll #2, after the timer's wake, panicked: %v%s", head, s.panicked, h.story())
	case s.result.IsPending():
		return fmt.Sprintf("%spoll #2, after the timer's wake, returned Pending: once the time is up the Delay is "+
			"Ready({}) (does the timer's function record that it fired, where Poll sees it?)%s", head, h.story())
	}
	h.advance(2 * dur)
	if n := h.wakers[0].wakes.Load() + h.wakers[1].wakes.Load(); n > 1 {
		return fmt.Sprintf("%sthe Delay woke %d times in all: it sets one timer and is woken once%s", head, n, h.story())
	}
	return ""
}

func TestWakesTheWakerOfTheLatestPoll(t *testing.T) {
	flNeedsFirstPoll(t)
	h, _ := flNew(nil)
	head := fmt.Sprintf("NewDelay(clock, %v), polled with a new waker each time: ", flDur)
	for i, d := range []time.Duration{4 * time.Millisecond, 3 * time.Millisecond, 0} {
		if s := h.poll(); s.panicked != nil {
			t.Fatalf("%spoll #%d panicked: %v%s", head, i+1, s.panicked, h.story())
		}
		h.advance(d)
	}
	if timers := h.clock.inner.Timers(); timers > 1 {
		t.Fatalf("%safter three polls the Delay's clock holds %d timers: start the timer once, on the first "+
			"poll, and let later polls only store their waker%s", head, timers, h.story())
	}
	if p := h.advance(3 * time.Millisecond); p != nil {
		t.Fatalf("%sthe timer's function panicked: %v%s", head, p, h.story())
	}
	w := h.wakes()
	switch {
	case w[2] == 1 && w[0]+w[1] == 0:
	case w[2] == 0 && w[0]+w[1] > 0:
		old := 1
		if w[1] > 0 {
			old = 2
		}
		t.Fatalf("%sthe timer woke the waker of poll #%d, but poll #3 had passed a different one since: an "+
			"executor may hand every poll a new waker (the future was handed to another task, or a combinator polls it with a waker of its own), and only "+
			"the latest is sure to reach whoever polls the Delay now. Store the waker on every poll%s",
			head, old, h.story())
	case w[2] == 0:
		t.Fatalf("%sthe clock reached %v and nothing woke the waker of poll #3, the latest one%s", head, flDur, h.story())
	default:
		t.Fatalf("%sthe time is up and the wakes were %v for wakers #1 to #3; want exactly one, of waker #3, the "+
			"latest: store each poll's waker in place of the old one, and wake once%s", head, w, h.story())
	}
	if s := h.poll(); s.panicked != nil || s.result.IsPending() {
		t.Fatalf("%spoll #4, after the timer's wake, did not return Ready({})%s", head, h.story())
	}
}

func TestNoWakeLostWhenTheTimerFiresMidPoll(t *testing.T) {
	flNeedsFirstPoll(t)
	// The timer fires during poll #1, right after AfterFunc sets it, as
	// work on another thread that is done at once would.
	h, _ := flNew(&flClock{fireOnSet: true})
	flCheckMidPoll(t, h, 1, "the timer fired during poll #1, the moment AfterFunc set it (as work on another "+
		"thread can finish at once)")

	// The timer fires during poll #2, when it looks at the clock (if it
	// does), or else right after it.
	h, _ = flNew(&flClock{})
	h.poll()
	h.clock.fireOnNow.Store(true)
	flCheckMidPoll(t, h, 2, "the timer fired during poll #2, the moment it asked the clock for the time")
}

// flCheckMidPoll makes poll #n with the clock set up to fire inside it, and
// checks that the wake reached the waker of that poll.
func flCheckMidPoll(t *testing.T, h *flHarness, n int, how string) {
	t.Helper()
	head := fmt.Sprintf("NewDelay(clock, %v): ", flDur)
	s := h.poll()
	fired := len(h.clock.fires) > 0
	if !fired {
		// It never asked the clock: fire the timer right after the poll.
		h.clock.fireOnNow.Store(false)
		how = fmt.Sprintf("the timer fired right after poll #%d", n)
		if p := h.advance(h.dur); p != nil {
			t.Fatalf("%s%s, and its function panicked: %v%s", head, how, p, h.story())
		}
	} else {
		f := h.clock.fires[0]
		if !flWaitUntil(func() bool {
			select {
			case <-f.done:
				return true
			default:
				return false
			}
		}) {
			t.Fatalf("%s%s, and its function had not returned %v after the poll did: is it waiting for a lock "+
				"that Poll never unlocks?%s", head, how, flBound, h.story())
		}
		if f.panic != nil {
			t.Fatalf("%s%s, and the timer's function panicked: %v. It ran before poll #%d had stored its waker: "+
				"store the waker before you start the timer (or look at the time), under the same mutex as the "+
				"flag the timer sets%s", head, how, f.panic, n, h.story())
		}
		h.log = append(h.log, how+": "+h.woken(nil))
	}
	if s.panicked != nil {
		t.Fatalf("%s%s, and poll #%d panicked: %v%s", head, how, n, s.panicked, h.story())
	}
	if s.result.IsReady() {
		return // it saw the timer had fired: fine
	}
	w := h.wakes()
	switch latest := w[n-1]; {
	case latest == 0:
		t.Fatalf("%s%s; poll #%d then returned Pending, and its waker was never woken: the wake was lost "+
			"between \"the time is up\" and \"here is my waker\", so the Delay sleeps forever. Look at the flag and "+
			"store the waker under one mutex, which the timer's function takes too%s", head, how, n, h.story())
	case latest > 1:
		t.Fatalf("%s%s; the waker of poll #%d was woken %d times, want once%s", head, how, n, latest, h.story())
	}
	s = h.poll()
	if s.panicked != nil || s.result.IsPending() {
		t.Fatalf("%s%s; poll #%d, after the wake, did not return Ready({})%s", head, how, n+1, h.story())
	}
}

// flEagerWaker is the waker of an executor that polls the task the moment
// it is woken, on another of its threads: its Wake polls the Delay on a new
// goroutine and waits until that poll has returned or is blocked.
type flEagerWaker struct {
	delay   *wakelater.Delay
	wakes   atomic.Int32
	blocked bool // the poll had to wait (for a lock the timer's function held)
	done    chan struct{}
	result  core.Poll[struct{}]
	panic   any
	later   flWaker // the waker that poll passed
}

func (w *flEagerWaker) Wake() {
	if w.wakes.Add(1) > 1 {
		return
	}
	var goid atomic.Int64
	go func() {
		defer close(w.done)
		defer func() { w.panic = recover() }()
		goid.Store(flGoid())
		w.result = w.delay.Poll(core.NewContext(&w.later))
	}()
	flWaitUntil(func() bool {
		select {
		case <-w.done:
			return true
		default:
		}
		id := goid.Load()
		if id != 0 && flBlocked(id) {
			w.blocked = true
			return true
		}
		return false
	})
}

// TestReadyWhenPolledFromItsWake polls the Delay again from inside the
// timer's wake, as an executor with several threads may: by then the time
// is up, and the poll must find it so, and must not wait for a lock.
func TestReadyWhenPolledFromItsWake(t *testing.T) {
	flNeedsFirstPoll(t)
	h, _ := flNew(nil)
	head := fmt.Sprintf("NewDelay(clock, %v), polled with a waker whose Wake polls the Delay again at once, from "+
		"another goroutine (as an executor with several threads may): ", flDur)
	w := &flEagerWaker{delay: h.delay, done: make(chan struct{})}
	w.later.h = h
	if s := h.delay.Poll(core.NewContext(w)); s.IsReady() {
		t.Fatalf("%spoll #1 returned %v; want Pending", head, s)
	}
	if p := h.advance(flDur); p != nil {
		t.Fatalf("%sthe timer's function panicked: %v", head, p)
	}
	if w.wakes.Load() == 0 {
		t.Fatalf("%sthe clock reached %v and the waker of poll #1 was not woken", head, flDur)
	}
	if !flWaitUntil(func() bool {
		select {
		case <-w.done:
			return true
		default:
			return false
		}
	}) {
		t.Fatalf("%sthe poll made from the wake had not returned %v after the timer's function did: is it waiting "+
			"for a lock that nobody unlocks?", head, flBound)
	}
	switch {
	case w.panic != nil:
		t.Fatalf("%sthe poll made from the wake panicked: %v", head, w.panic)
	case w.blocked:
		t.Fatalf("%sthat poll had to wait: the timer's function was still holding the Delay's lock when it called "+
			"Wake. Take the waker out under the lock, unlock, and only then wake it: a waker runs code you do not "+
			"know, and an executor that polls at once on the same goroutine would deadlock on that lock", head)
	case w.result.IsPending() && w.later.wakes.Load() == 0:
		t.Fatalf("%sthat poll returned Pending, and nothing woke its waker afterwards: the timer's function woke the "+
			"waker before it recorded that the time is up, so the poll it asked for found nothing new and the wake "+
			"was spent. Record it first (done = true, under the lock), then wake", head)
	}
	t.Logf("the poll made from inside the wake returned %v without waiting for a lock", w.result)
}

// flTimePackage are the functions of package time that wait or run
// something later on the real clock.
var flTimePackage = []string{"AfterFunc", "Sleep", "After", "NewTimer", "Tick", "NewTicker"}

// TestSharesItsStateSafelyWithTheTimer reads the code: the timer's function
// runs on another goroutine, at any moment, so what it shares with Poll
// needs a mutex (or atomics, or a channel) on both sides. go test -race
// would catch a data race there, but the checks build without cgo, which
// -race needs, so they read the code instead. And the Delay waits on its
// clock alone: no timer of the time package, no goroutine of its own.
func TestSharesItsStateSafelyWithTheTimer(t *testing.T) {
	if uses := append(flRefs("time", flTimePackage...), flRefs("github.com/futurelings/futurelings/core",
		"SystemClock")...); len(uses) > 0 {
		t.Fatalf("the Delay uses %s: it must wait on the clock it was given, d.clock, alone. The checks move that "+
			"clock by hand; a timer or a sleep of the real clock wakes at a moment nobody controls, and wakes the "+
			"executor for a poll that can only say Pending", flList(uses))
	}
	if uses := flRefs("time", "Now", "Since", "Until"); len(uses) > 0 {
		t.Fatalf("the Delay reads the real clock (%s): it must ask the clock it was given, d.clock.Now(), if it "+
			"looks at the time at all. The checks move that clock by hand while the real one runs at its own pace, "+
			"so a Delay that measures real time is Ready early, or late, or never, whatever its own clock says",
			flList(uses))
	}
	if uses := flGoroutines(); len(uses) > 0 {
		t.Fatalf("the Delay starts a goroutine (%s): the wake must come from the timer's function, which the clock "+
			"already runs on a goroutine of its own, when the time is up. A goroutine of yours that wakes the "+
			"waker wakes it at a moment nobody controls, often at once: the busy loop again, from elsewhere", flList(uses))
	}
	flNeedsFirstPoll(t)
	fset, files := flSyntax()
	poll := flMethodDecl(files, "Delay", "Poll")
	if poll == nil {
		t.Skip("not checked: no method Poll of Delay found")
	}
	var timerFuncs []ast.Node
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "AfterFunc" {
				return true
			}
			switch fn := call.Args[1].(type) {
			case *ast.FuncLit:
				timerFuncs = append(timerFuncs, fn.Body)
			case *ast.SelectorExpr: // d.fire
				for _, d := range files {
					for _, decl := range d.Decls {
						if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Name.Name == fn.Sel.Name && fd.Body != nil {
							timerFuncs = append(timerFuncs, fd.Body)
						}
					}
				}
			case *ast.Ident: // a function of the package
				for _, d := range files {
					for _, decl := range d.Decls {
						if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == fn.Name && fd.Body != nil {
							timerFuncs = append(timerFuncs, fd.Body)
						}
					}
				}
			default:
				timerFuncs = append(timerFuncs, fn)
			}
			return true
		})
	}
	const race = "so whatever the two share (the done flag, the waker) is a data race: each side may see the other's " +
		"writes late, half-done (a waker is two words), or never, and the wake can be lost. go test -race reports it when the two meet. " +
		"Guard every access on both sides with one sync.Mutex (or use sync/atomic, or a channel)"
	if len(flSyncUses(fset, files, poll.Body)) == 0 {
		t.Fatalf("Poll (%s) takes no lock and uses no atomic or channel, while the timer's function runs on another "+
			"goroutine, %s", flPos(fset, poll.Pos()), race)
	}
	for _, body := range timerFuncs {
		if len(flSyncUses(fset, files, body)) == 0 {
			t.Fatalf("the timer's function (%s) takes no lock and uses no atomic or channel, while Poll runs on "+
				"another goroutine, %s", flPos(fset, body.Pos()), race)
		}
	}
	fields := flWakerFields(poll)
	where := []struct {
		who  string
		body ast.Node
	}{{"Poll", poll.Body}}
	for _, body := range timerFuncs {
		where = append(where, struct {
			who  string
			body ast.Node
		}{"the timer's function", body})
	}
	for _, w := range where {
		b, ok := w.body.(*ast.BlockStmt)
		if !ok || len(fields) == 0 {
			continue
		}
		lw := &flLockWalk{fields: fields}
		lw.stmts(b.List, 0)
		if len(lw.found) > 0 {
			at := lw.found[0]
			t.Fatalf("%s uses the stored waker, %s at %s, without holding the lock. Poll and the timer's "+
				"function run on different goroutines, so that is a data race on the waker (go test -race "+
				"reports it), and a wake can be lost between \"is the time up?\" and \"here is my waker\". "+
				"Touch the waker only under the lock, on both sides: Poll stores it under the same lock as its "+
				"look at the done flag, and the timer's function takes it out under the lock and calls Wake "+
				"after unlocking", w.who, flExprString(at), flPos(fset, at.Pos()))
		}
	}
	t.Logf("Poll and the timer's function both synchronize what they share")
}

// flWakerFields returns the names of the fields in which Poll stores the
// waker of its cx, directly or through a local variable.
func flWakerFields(poll *ast.FuncDecl) map[string]bool {
	fields := map[string]bool{}
	locals := map[string]bool{}
	fromWaker := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Waker" && len(x.Args) == 0 {
					found = true
				}
			case *ast.Ident:
				if locals[x.Name] {
					found = true
				}
			}
			return !found
		})
		return found
	}
	ast.Inspect(poll.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			if !fromWaker(as.Rhs[i]) {
				continue
			}
			switch l := lhs.(type) {
			case *ast.Ident:
				locals[l.Name] = true
			case *ast.SelectorExpr:
				fields[l.Sel.Name] = true
			}
		}
		return true
	})
	return fields
}

// flLockWalk goes through a function's statements in order, counting the
// locks held, and notes every use of a waker field made while none is.
type flLockWalk struct {
	fields map[string]bool
	found  []*ast.SelectorExpr
}

// flLockDelta is +1 for a statement that takes a lock, -1 for one that
// releases it, and 0 for any other.
func flLockDelta(st ast.Stmt) int {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return 0
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return 0
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return 0
	}
	switch name := strings.ToLower(sel.Sel.Name); {
	case strings.Contains(name, "unlock"):
		return -1
	case strings.Contains(name, "lock"):
		return 1
	}
	return 0
}

// flTerminates reports whether a block ends in a return or a panic.
func flTerminates(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := last.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

func (w *flLockWalk) stmts(list []ast.Stmt, held int) int {
	for _, st := range list {
		held = w.stmt(st, held)
	}
	return held
}

func (w *flLockWalk) stmt(st ast.Stmt, held int) int {
	if d := flLockDelta(st); d != 0 {
		return held + d
	}
	switch s := st.(type) {
	case *ast.DeferStmt:
		return held
	case *ast.BlockStmt:
		return w.stmts(s.List, held)
	case *ast.LabeledStmt:
		return w.stmt(s.Stmt, held)
	case *ast.IfStmt:
		if s.Init != nil {
			held = w.stmt(s.Init, held)
		}
		w.scan(s.Cond, held)
		body := w.stmts(s.Body.List, held)
		other := held
		if s.Else != nil {
			other = w.stmt(s.Else, held)
		}
		switch {
		case flTerminates(s.Body):
			return other
		case s.Else != nil:
			if b, ok := s.Else.(*ast.BlockStmt); ok && flTerminates(b) {
				return body
			}
		}
		return max(body, other)
	case *ast.ForStmt:
		w.stmts(s.Body.List, held)
		return held
	case *ast.RangeStmt:
		w.scan(s.X, held)
		w.stmts(s.Body.List, held)
		return held
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		ast.Inspect(s, func(n ast.Node) bool {
			switch c := n.(type) {
			case *ast.CaseClause:
				w.stmts(c.Body, held)
				return false
			case *ast.CommClause:
				w.stmts(c.Body, held)
				return false
			}
			return true
		})
		return held
	}
	w.scan(st, held)
	return held
}

// scan notes the uses of a waker field in n when no lock is held. A
// function literal is not looked into: it runs at another time.
func (w *flLockWalk) scan(n ast.Node, held int) {
	if n == nil || held > 0 {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if w.fields[x.Sel.Name] {
				w.found = append(w.found, x)
				return false
			}
		}
		return true
	})
}

// flExprString writes a short expression as it reads in the code.
func flExprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return flExprString(x.X) + "." + x.Sel.Name
	}
	return "the waker"
}

// TestPendingUntilTheTimeIsUp polls a Delay many times before its time is
// up, each time with a new waker, and moves the clock a little between the
// polls: every poll must say Pending, and all of them together set one
// timer.
func TestPendingUntilTheTimeIsUp(t *testing.T) {
	flNeedsFirstPoll(t)
	h, _ := flNew(nil)
	head := fmt.Sprintf("NewDelay(clock, %v), polled with a new waker each time while the clock moves towards %v: ",
		flDur, flDur)
	for _, d := range []time.Duration{0, time.Millisecond, 2 * time.Millisecond, 2 * time.Millisecond,
		2 * time.Millisecond, 2 * time.Millisecond} {
		if d > 0 {
			if p := h.advance(d); p != nil {
				t.Fatalf("%sthe timer's function panicked: %v%s", head, p, h.story())
			}
			if w := h.wakes(); w[len(w)-1] > 0 {
				t.Fatalf("%sthe clock had moved only %v of the Delay's %v and the waker of poll #%d was woken: "+
					"wake it when the time is up, not before%s", head, h.clock.inner.Elapsed(), flDur, len(w), h.story())
			}
		}
		s := h.poll()
		switch {
		case s.panicked != nil:
			t.Fatalf("%spoll #%d panicked: %v%s", head, s.n, s.panicked, h.story())
		case s.result.IsReady():
			t.Fatalf("%spoll #%d returned %v when the clock had moved only %v: a Delay of %v is Pending until the "+
				"whole of it has passed on its clock, however often it is polled before%s",
				head, s.n, s.result, h.clock.inner.Elapsed(), flDur, h.story())
		case s.self > 0:
			t.Fatalf("%spoll #%d woke its own waker during the poll: a Delay has nothing to do until its timer fires, "+
				"so that wake only makes the executor poll again at once, for another Pending: a busy loop%s",
				head, s.n, h.story())
		}
	}
	if n := h.clock.afterFuncs.Load(); n > 1 {
		t.Fatalf("%s%d polls called d.clock.AfterFunc %d times: start one timer, on the first poll, and let later "+
			"polls only store their waker. A new timer per poll (even one that stops the old) is work for every "+
			"poll, and the time a Delay waits is set once, when it starts%s", head, len(h.wakers), n, h.story())
	}
	if p := h.advance(time.Millisecond); p != nil {
		t.Fatalf("%sthe timer's function panicked: %v%s", head, p, h.story())
	}
	if w := h.wakes(); w[len(w)-1] != 1 {
		t.Fatalf("%sthe time is up and the waker of poll #%d, the latest, was woken %d times, want once%s",
			head, len(w), w[len(w)-1], h.story())
	}
	if s := h.poll(); s.panicked != nil || s.result.IsPending() {
		t.Fatalf("%spoll #%d, after the timer's wake, did not return Ready({})%s", head, s.n, h.story())
	}
}

// TestDueAtOnceWhenTheDurationIsZeroOrLess makes Delays of zero and of a
// negative duration: each is due at once, and must be Ready at once, or
// else be woken as soon as its clock moves at all.
func TestDueAtOnceWhenTheDurationIsZeroOrLess(t *testing.T) {
	flNeedsFirstPoll(t)
	for _, dur := range []time.Duration{0, -time.Second} {
		h, problem := flNewFor(nil, dur)
		if problem != "" {
			t.Fatal(problem)
		}
		head := fmt.Sprintf("NewDelay(clock, %v): ", dur)
		s := h.poll()
		switch {
		case s.panicked != nil:
			t.Fatalf("%spoll #1 panicked: %v%s", head, s.panicked, h.story())
		case s.result.IsReady():
			continue
		case s.self == 0 && h.clock.inner.Timers() == 0:
			t.Fatalf("%spoll #1 returned Pending, set no timer and woke nothing, so nothing will ever wake the Delay. "+
				"A Delay of zero or less has nothing to wait for: return Ready({}) at once, or set the timer for it "+
				"all the same (the clock fires a timer of zero or less the next time it moves)%s", head, h.story())
		}
		if s.self == 0 {
			if p := h.advance(0); p != nil {
				t.Fatalf("%sthe timer's function panicked: %v%s", head, p, h.story())
			}
			if n := h.wakers[0].wakes.Load(); n != 1 {
				t.Fatalf("%sthe clock moved and the waker of poll #1 was woken %d times: a Delay of zero or less is "+
					"due at once, so its timer fires at the clock's next move and wakes it once%s", head, n, h.story())
			}
		}
		if s := h.poll(); s.panicked != nil || s.result.IsPending() {
			t.Fatalf("%spoll #2, after the wake, did not return Ready({}): a Delay of zero or less is due at "+
				"once%s", head, h.story())
		}
	}
}

// flPollOnce polls d with w and recovers a panic.
func flPollOnce(d *wakelater.Delay, w core.Waker) (r core.Poll[struct{}], panicked any) {
	defer func() { panicked = recover() }()
	return d.Poll(core.NewContext(w)), nil
}

// TestTwoDelaysKeepTheirOwnWakers polls two Delays of different durations
// on one clock, in turns, each with wakers of its own: each timer must wake
// the waker of its own Delay's latest poll, and nothing else.
func TestTwoDelaysKeepTheirOwnWakers(t *testing.T) {
	flNeedsFirstPoll(t)
	clock := core.NewManualClock()
	durs := [2]time.Duration{flDur, 2 * flDur}
	var delays [2]*wakelater.Delay
	for i, dur := range durs {
		delays[i] = wakelater.NewDelay(clock, dur)
	}
	head := fmt.Sprintf("NewDelay(clock, %v) and NewDelay(clock, %v) on one clock, polled in turns, each with "+
		"wakers of its own: ", durs[0], durs[1])
	var wakers [2][]*core.CountingWaker
	poll := func(i int) core.Poll[struct{}] {
		w := &core.CountingWaker{}
		wakers[i] = append(wakers[i], w)
		r, p := flPollOnce(delays[i], w)
		if p != nil {
			t.Fatalf("%spoll #%d of the Delay of %v panicked: %v", head, len(wakers[i]), durs[i], p)
		}
		return r
	}
	// counts says who was woken: the latest waker of each Delay, and all
	// the older ones together.
	counts := func(i int) (latest, older int) {
		for j, w := range wakers[i] {
			if j == len(wakers[i])-1 {
				latest = w.Count()
			} else {
				older += w.Count()
			}
		}
		return latest, older
	}
	for round := 0; round < 2; round++ {
		for i := range delays {
			if r := poll(i); r.IsReady() {
				t.Fatalf("%spoll #%d of the Delay of %v returned %v before the clock moved", head, round+1, durs[i], r)
			}
		}
	}
	clock.Advance(flDur)
	first, firstOld := counts(0)
	second, secondOld := counts(1)
	switch {
	case second+secondOld > 0:
		t.Fatalf("%sthe clock reached %v, the time of the first Delay, and a waker of the second Delay, still "+
			"Pending, was woken: each Delay keeps the waker of its own latest poll, in a field of its own (not in a "+
			"package-level variable, which every Delay shares), and its timer wakes that one", head, flDur)
	case first != 1 || firstOld != 0:
		t.Fatalf("%sthe clock reached %v, the time of the first Delay, and the latest waker of that Delay was "+
			"woken %d times (its older ones %d times): want once, and only the latest. Each Delay keeps the waker of "+
			"its own latest poll, in a field of its own, and its timer wakes that one", head, flDur, first, firstOld)
	}
	if r := poll(0); r.IsPending() {
		t.Fatalf("%sthe first Delay, polled after its timer's wake, returned Pending", head)
	}
	if r := poll(1); r.IsReady() {
		t.Fatalf("%sthe second Delay returned %v when only %v of its %v had passed: the first Delay's timer must "+
			"not finish the second one", head, r, flDur, durs[1])
	}
	clock.Advance(flDur)
	if latest, older := counts(1); latest != 1 || older != 0 {
		t.Fatalf("%sthe clock reached %v, the time of the second Delay, and its latest waker was woken %d times "+
			"(its older ones %d times): want once, and only the latest", head, durs[1], latest, older)
	}
	if r := poll(1); r.IsPending() {
		t.Fatalf("%sthe second Delay, polled after its timer's wake, returned Pending", head)
	}
	if p := flGlobalStateProblem("wake_later", "Keep what a Delay shares with its timer (whether the time is up, "+
		"the waker of its latest poll) in fields of the Delay itself, or in a struct that only it and its timer "+
		"hold."); p != "" {
		t.Fatal(p)
	}
}
