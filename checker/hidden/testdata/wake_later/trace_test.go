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

// fltDur is the Delay every check makes.
const fltDur = 10 * time.Millisecond

// fltBound turns a hang into a message: nothing a correct Delay does takes a
// measurable time, so waiting this long means it never will happen.
const fltBound = 2 * time.Second

// fltGoid is the id of the calling goroutine, as runtime.Stack prints it.
func fltGoid() int64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, ' ')], 10, 64)
	return id
}

// fltBlocked reports whether goroutine id is waiting on a lock or a channel.
func fltBlocked(id int64) bool {
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

// fltWaitUntil waits for cond, at most fltBound, and reports whether it held.
func fltWaitUntil(cond func() bool) bool {
	deadline := time.Now().Add(fltBound)
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

// fltWaker is the waker of one poll. It counts its wakes, and those that
// came from inside the poll itself.
type fltWaker struct {
	poll  int
	h     *fltHarness
	wakes atomic.Int32
	self  atomic.Int32
}

func (w *fltWaker) Wake() {
	if w.h.polling.Load() && fltGoid() == w.h.poller.Load() {
		w.self.Add(1)
	}
	w.wakes.Add(1)
}

// fltClock is the Delay's clock: a core.ManualClock that can also fire a
// timer in the middle of a poll, the moment the Delay sets it or looks at
// the time, the way work on another thread can finish at any moment.
type fltClock struct {
	inner      *core.ManualClock
	fireOnSet  bool        // fire each timer inside the AfterFunc that sets it
	fireOnNow  atomic.Bool // fire due timers inside the next Now
	timerGoid  atomic.Int64
	afterFuncs atomic.Int32
	fires      []*fltFire
}

// fltFire is one move of the clock made in the middle of a poll.
type fltFire struct {
	done  chan struct{}
	panic any
}

func (c *fltClock) Now() time.Time {
	t := c.inner.Now()
	if c.fireOnNow.CompareAndSwap(true, false) {
		c.fire(fltDur)
	}
	return t
}

func (c *fltClock) AfterFunc(d time.Duration, f func()) core.Timer {
	c.afterFuncs.Add(1)
	t := c.inner.AfterFunc(d, func() {
		c.timerGoid.Store(fltGoid())
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
func (c *fltClock) fire(d time.Duration) {
	f := &fltFire{done: make(chan struct{})}
	c.timerGoid.Store(0)
	go func() {
		defer close(f.done)
		defer func() { f.panic = recover() }()
		c.inner.Advance(d)
	}()
	fltWaitUntil(func() bool {
		select {
		case <-f.done:
			return true
		default:
		}
		id := c.timerGoid.Load()
		return id != 0 && fltBlocked(id)
	})
	c.fires = append(c.fires, f)
}

// fltHarness polls a Delay by hand with a new waker each time, moves its
// clock, and keeps a log of what happened for the messages.
type fltHarness struct {
	clock   *fltClock
	delay   *wakelater.Delay
	wakers  []*fltWaker
	log     []string
	polling atomic.Bool
	poller  atomic.Int64
}

func fltNew(clock *fltClock) (h *fltHarness, problem string) {
	if clock == nil {
		clock = &fltClock{}
	}
	clock.inner = core.NewManualClock()
	h = &fltHarness{clock: clock}
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("NewDelay(clock, %v) panicked: %v", fltDur, p)
		}
	}()
	h.delay = wakelater.NewDelay(clock, fltDur)
	if h.delay == nil {
		return nil, fmt.Sprintf("NewDelay(clock, %v) returned nil: it must return a *Delay that can be polled", fltDur)
	}
	return h, ""
}

// fltStep is what one poll did.
type fltStep struct {
	n        int
	result   core.Poll[struct{}]
	panicked any
	self     int // wakes of any waker from inside the poll
}

func (h *fltHarness) poll() (s fltStep) {
	s.n = len(h.wakers) + 1
	w := &fltWaker{poll: s.n, h: h}
	h.wakers = append(h.wakers, w)
	before := h.selfWakes()
	h.poller.Store(fltGoid())
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

func (h *fltHarness) selfWakes() int {
	n := 0
	for _, w := range h.wakers {
		n += int(w.self.Load())
	}
	return n
}

// wakes returns each waker's count of wakes.
func (h *fltHarness) wakes() []int {
	var c []int
	for _, w := range h.wakers {
		c = append(c, int(w.wakes.Load()))
	}
	return c
}

// advance moves the clock by d and logs which wakers the timers woke.
func (h *fltHarness) advance(d time.Duration) (panicked any) {
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
func (h *fltHarness) woken(before []int) string {
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
func (h *fltHarness) story() string {
	return "\n    " + strings.Join(h.log, "\n    ")
}

// fltFirstPoll checks poll #1 of a fresh Delay, and a second poll before any
// time has passed: Pending, no wake, one timer.
func fltFirstPoll() (*fltHarness, string) {
	h, problem := fltNew(nil)
	if problem != "" {
		return nil, problem
	}
	head := fmt.Sprintf("NewDelay(clock, %v): ", fltDur)
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
				"Pending until %v have passed on its clock%s", head, n, s.result, fltDur, fltDur, h.story())
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

// TestTrace is what "futurelings trace wake_later" shows: the learner's
// Delay polled by hand with a new waker each time, the clock moved in
// between, and who woke what. It is not a check.
func TestTrace(t *testing.T) {
	fmt.Printf("NewDelay(clock, %v), polled with a new waker each time, the clock moved by hand:\n", fltDur)
	want := []string{
		"poll #1 (waker #1): Pending, no wake",
		"the clock moved to 4ms: nothing was woken",
		"poll #2 (waker #2): Pending, no wake",
		"the clock moved to 10ms: the timer woke waker #2 1×",
		"poll #3 (waker #3): Ready({})",
	}
	h, problem := fltNew(nil)
	if problem != "" {
		fmt.Println("  " + problem)
	} else {
		h.poll()
		h.advance(4 * time.Millisecond)
		h.poll()
		h.advance(6 * time.Millisecond)
		h.poll()
		for _, l := range h.log {
			fmt.Println("  " + l)
		}
		fmt.Println("  (the timer's function runs on a goroutine of its own, when the clock is moved)")
	}
	if h != nil && strings.Join(h.log, "\n") == strings.Join(want, "\n") {
		fmt.Println("  a correct one does the same")
		return
	}
	fmt.Println("  a correct one does this instead:")
	for _, l := range want {
		fmt.Println("    " + l)
	}
}
