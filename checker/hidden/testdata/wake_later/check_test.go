package wakelater_test

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	wakelater "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/wake_later"
)

// flDur is the Delay every check makes.
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
	fireOnSet  bool        // fire each timer inside the AfterFunc that sets it
	fireOnNow  atomic.Bool // fire due timers inside the next Now
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
		c.fire(flDur)
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
	clock   *flClock
	delay   *wakelater.Delay
	wakers  []*flWaker
	log     []string
	polling atomic.Bool
	poller  atomic.Int64
}

func flNew(clock *flClock) (h *flHarness, problem string) {
	if clock == nil {
		clock = &flClock{}
	}
	clock.inner = core.NewManualClock()
	h = &flHarness{clock: clock}
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("NewDelay(clock, %v) panicked: %v", flDur, p)
		}
	}()
	h.delay = wakelater.NewDelay(clock, flDur)
	if h.delay == nil {
		return nil, fmt.Sprintf("NewDelay(clock, %v) returned nil: it must return a *Delay that can be polled", flDur)
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

func (h *flHarness) poll() (s flStep) {
	s.n = len(h.wakers) + 1
	w := &flWaker{poll: s.n, h: h}
	h.wakers = append(h.wakers, w)
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
		case s.self > 0:
			line += fmt.Sprintf("%v, woke its own waker %d× during the poll", s.result, s.self)
		case s.result.IsPending():
			line += "Pending, no wake"
		default:
			line += s.result.String()
		}
		h.log = append(h.log, line)
	}()
	s.result = h.delay.Poll(core.NewContext(w))
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
	h, _ := flNew(nil)
	head := fmt.Sprintf("NewDelay(clock, %v): ", flDur)
	h.poll()
	almost := flDur - time.Millisecond
	if p := h.advance(almost); p != nil {
		t.Fatalf("%sthe timer's function panicked when the clock moved %v: %v%s", head, almost, p, h.story())
	}
	if n := h.wakers[0].wakes.Load(); n > 0 {
		t.Fatalf("%sthe waker of poll #1 was woken when the clock had moved only %v of the Delay's %v: wake it "+
			"when the time is up, not before%s", head, almost, flDur, h.story())
	}
	if p := h.advance(time.Millisecond); p != nil {
		t.Fatalf("%sthe timer's function panicked: %v%s", head, p, h.story())
	}
	switch n := h.wakers[0].wakes.Load(); {
	case n == 0:
		t.Fatalf("%sthe clock moved the full %v and nothing woke the waker of poll #1: the timer's function "+
			"must wake the waker that Poll stored, or nobody will ever poll the Delay again%s", head, flDur, h.story())
	case n > 1:
		t.Fatalf("%sthe timer woke the waker of poll #1 %d times: one timer, one wake%s", head, n, h.story())
	}
	s := h.poll()
	switch {
	case s.panicked != nil:
		t.Fatalf("%spoll #2, after the timer's wake, panicked: %v%s", head, s.panicked, h.story())
	case s.result.IsPending():
		t.Fatalf("%spoll #2, after the timer's wake, returned Pending: once the time is up the Delay is "+
			"Ready({}) (does the timer's function record that it fired, where Poll sees it?)%s", head, h.story())
	}
	h.advance(time.Second)
	if n := h.wakers[0].wakes.Load() + h.wakers[1].wakes.Load(); n > 1 {
		t.Fatalf("%sthe Delay woke %d times in all: it sets one timer and is woken once%s", head, n, h.story())
	}
	t.Logf("woken once, by the timer's goroutine, when the clock reached %v", flDur)
}

func TestWakesTheWakerOfTheLatestPoll(t *testing.T) {
	flNeedsFirstPoll(t)
	h, _ := flNew(nil)
	head := fmt.Sprintf("NewDelay(clock, %v), polled with a new waker each time: ", flDur)
	h.poll()
	h.advance(4 * time.Millisecond)
	h.poll()
	h.advance(3 * time.Millisecond)
	h.poll()
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
		if p := h.advance(flDur); p != nil {
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
