package blockon_test

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	blockon "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/block_on"
)

// fltBound turns a hang into a message: a correct executor reacts to
// everything these checks do at once, so waiting this long for it means it
// never will.
const fltBound = 2 * time.Second

// fltGoid is the id of the calling goroutine, as runtime.Stack prints it.
func fltGoid() int64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, ' ')], 10, 64)
	return id
}

// fltGoroutine returns the state runtime.Stack shows for goroutine id
// ("running", "chan receive", "sleep", ...) and its stack; "" when it has
// ended.
func fltGoroutine(id int64) (state, stack string) {
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
			return rest[:strings.IndexAny(rest, ",]")], g
		}
	}
	return "", ""
}

// fltAsleep reports whether a goroutine in this state is blocked until some
// other goroutine acts: on a channel, a lock, a condition.
func fltAsleep(state string) bool {
	for _, w := range []string{"chan receive", "chan send", "select", "sync.", "semacquire"} {
		if strings.HasPrefix(state, w) {
			return true
		}
	}
	return false
}

// What a scripted poll does.
type fltKind int

const (
	// Pending without a wake; the check wakes the waker from its own
	// goroutine once the executor sleeps.
	fltLater fltKind = iota
	// Pending after waking the waker n times during the poll.
	fltSelf
	// Pending after another goroutine woke the waker n times while the
	// poll waited for it.
	fltOther
	// Ready with the probe's value.
	fltReady
)

type fltAct struct {
	kind fltKind
	n    int
}

// fltProbe is a scripted future that records how the executor polls it. A
// poll that comes without a wake since the last poll began, or after
// Ready, ends the run: the probe answers Ready so that the executor returns.
type fltProbe[T any] struct {
	script []fltAct
	value  T
	events chan int // the number of each poll, as it returns

	mu         sync.Mutex
	polls      int
	woken      bool // a wake since the last poll began
	waker      core.Waker
	unwoken    int // the first poll made without a wake, or 0
	readyAt    int
	afterReady int
	stop       bool // end the run at the next poll
	inPoll     atomic.Bool
	log        []string
}

func fltNewProbe[T any](v T, script ...fltAct) *fltProbe[T] {
	return &fltProbe[T]{script: append(script, fltAct{kind: fltReady}), value: v, events: make(chan int, 1000)}
}

func (p *fltProbe[T]) note(format string, args ...any) {
	p.mu.Lock()
	p.log = append(p.log, fmt.Sprintf(format, args...))
	p.mu.Unlock()
}

// wake calls the waker of the latest poll, as a timer or a socket would.
func (p *fltProbe[T]) wake() {
	p.mu.Lock()
	p.woken = true
	w := p.waker
	p.mu.Unlock()
	w.Wake()
}

func (p *fltProbe[T]) Poll(cx *core.Context) (res core.Poll[T]) {
	p.inPoll.Store(true)
	p.mu.Lock()
	p.polls++
	n := p.polls
	woken := p.woken
	p.woken = false
	if cx != nil {
		p.waker = cx.Waker()
	}
	var act fltAct
	switch {
	case p.readyAt > 0:
		p.afterReady++
		act = fltAct{kind: fltReady}
	case n > 1 && !woken:
		p.unwoken = n
		act = fltAct{kind: fltReady}
	case p.stop || n > len(p.script):
		act = fltAct{kind: fltReady}
	default:
		act = p.script[n-1]
	}
	if act.kind == fltReady && p.readyAt == 0 {
		p.readyAt = n
	}
	p.mu.Unlock()
	defer func() {
		line := fmt.Sprintf("poll #%d: %v", n, res)
		switch {
		case n > 1 && !woken:
			line += "  <- nothing had woken the waker since poll #" + strconv.Itoa(n-1) + " began"
		case act.kind == fltSelf:
			line += fmt.Sprintf(", woke the waker %d× during the poll", act.n)
		case act.kind == fltOther:
			line += fmt.Sprintf(", another goroutine woke the waker %d× during the poll", act.n)
		case act.kind == fltLater:
			line += ", no wake"
		}
		p.note("%s", line)
		p.events <- n
		p.inPoll.Store(false)
	}()
	if act.kind != fltReady && cx == nil {
		panic("Poll was called with a nil *core.Context: make one with core.NewContext(waker) and pass it to every poll")
	}
	switch act.kind {
	case fltReady:
		return core.Ready(p.value)
	case fltSelf:
		for range act.n {
			p.wake()
		}
	case fltOther:
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range act.n {
				p.wake()
			}
		}()
		<-done
	}
	return core.Pending[T]()
}

// fltRun is one run of the learner's BlockOn on a probe.
type fltRun[T comparable] struct {
	p        *fltProbe[T]
	goid     atomic.Int64
	done     chan struct{}
	value    T
	panicked any
	returned bool
}

func (r *fltRun[T]) story() string {
	r.p.mu.Lock()
	defer r.p.mu.Unlock()
	return "\n    " + strings.Join(r.p.log, "\n    ")
}

// fltEvent is what the check saw next while it waited on the executor.
type fltEvent int

const (
	fltPolled fltEvent = iota
	fltReturned
	fltParked
	fltTimedOut
)

// next waits for the executor's next move: a poll, a return, or sleep.
func (r *fltRun[T]) next() (fltEvent, string) {
	deadline := time.Now().Add(fltBound)
	var state string
	slept := false
	for i := 0; ; i++ {
		// Polls first: a run that polled and then returned shows both.
		select {
		case <-r.p.events:
			return fltPolled, ""
		default:
		}
		select {
		case <-r.done:
			return fltReturned, ""
		default:
		}
		var stack string
		state, stack = fltGoroutine(r.goid.Load())
		slept = slept || state == "sleep"
		if fltAsleep(state) && !r.p.inPoll.Load() {
			// A poll's event is sent before it returns, so a poll that
			// came before the sleep is already in the channel.
			select {
			case <-r.p.events:
				return fltPolled, ""
			default:
				return fltParked, stack
			}
		}
		if time.Now().After(deadline) {
			if slept {
				state = "sleep"
			}
			return fltTimedOut, state
		}
		if i < 100 {
			runtime.Gosched()
		} else {
			time.Sleep(50 * time.Microsecond)
		}
	}
}

// fltDrive runs BlockOn(p) on a goroutine of its own, plays the script's
// part from outside (waking the executor once it sleeps), and says what
// the executor got wrong, or "".
func fltDrive[T comparable](what string, p *fltProbe[T]) string {
	r := &fltRun[T]{p: p, done: make(chan struct{})}
	started := make(chan struct{})
	go func() {
		defer close(r.done)
		defer func() { r.panicked = recover() }()
		r.goid.Store(fltGoid())
		close(started)
		r.value = blockon.BlockOn[T](p)
		r.returned = true
	}()
	<-started
	head := "BlockOn(" + what + ")"
	fail := func(format string, args ...any) string {
		p.mu.Lock()
		p.stop = true
		p.mu.Unlock()
		return fmt.Sprintf(head+" "+format, args...) + r.story()
	}
	const busy = "polled the future again although nothing had woken it since poll #%d began: that is a " +
		"busy loop. After a Pending, sleep until the waker is called (a wake that came during the poll has " +
		"left its token already)"
	for n := 0; ; {
		ev, info := r.next()
		if ev == fltReturned {
			break
		}
		if ev == fltPolled {
			n++
			p.mu.Lock()
			unwoken, readyAt := p.unwoken, p.readyAt
			p.mu.Unlock()
			switch {
			case unwoken > 0:
				return fail(busy, unwoken-1)
			case n == readyAt:
				continue // it should return now
			}
			continue
		}
		last := p.script[n-1]
		switch {
		case n == 0 && ev == fltParked:
			return fail("went to sleep before it polled the future even once: poll first; only a Pending " +
				"is a reason to wait")
		case ev == fltTimedOut && last.kind == fltLater:
			why := "it is neither blocked nor polling"
			if info == "sleep" {
				why = "it is in time.Sleep: a loop that sleeps and looks at a flag still polls, only slower"
			}
			return fail("had neither polled again nor gone to sleep %v after poll #%d returned Pending without "+
				"a wake (%s): block until the waker is called, on a channel receive or a sync.Cond", fltBound, n, why)
		case ev == fltTimedOut:
			return fail("had not polled the future again %v after poll #%d, although the waker was called "+
				"during that poll", fltBound, n)
		case ev == fltParked && last.kind != fltLater:
			who := "the future itself"
			if last.kind == fltOther {
				who = "another goroutine"
			}
			return fail("went to sleep after poll #%d returned Pending, although %s had woken the waker "+
				"during that poll: the wake was lost, and the executor would sleep forever. A wake that "+
				"comes before you sleep must still count: leave a token the sleep finds (a channel with room "+
				"for one), or clear the flag before the poll, not after it", n, who)
		}
		// Asleep after a Pending without a wake, as it should be.
		if strings.Contains(info, "core.PollToCompletion") {
			return fail("sleeps inside core.PollToCompletion, which gives up after %v without a wake; a "+
				"block_on waits as long as it takes: write the loop yourself", core.DefaultWakeTimeout)
		}
		p.note("  the executor slept; the check woke the waker from another goroutine")
		p.wake()
	}
	p.mu.Lock()
	polls, readyAt, afterReady, unwoken := p.polls, p.readyAt, p.afterReady, p.unwoken
	p.mu.Unlock()
	switch {
	case unwoken > 0:
		return fail(busy, unwoken-1)
	case r.panicked != nil:
		return fail("panicked: %v", r.panicked)
	case readyAt == 0:
		return fail("returned %v after %d polls, before the future was Ready: poll until Ready", r.value, polls)
	case afterReady > 0:
		return fail("polled the future again after poll #%d returned Ready: a finished future must never be "+
			"polled again", readyAt)
	case r.value != p.value:
		return fail("returned %v, want %v: return the value of the Ready poll", r.value, p.value)
	}
	return ""
}

func fltLaterN(n int) []fltAct {
	var s []fltAct
	for range n {
		s = append(s, fltAct{kind: fltLater})
	}
	return s
}

// TestTrace is what "futurelings trace block_on" shows: the learner's
// BlockOn running a future that waits for wakes from another goroutine and
// once wakes itself, as a timeline of polls, sleeps and wakes. It is not a
// check.
func TestTrace(t *testing.T) {
	p := fltNewProbe(5, fltAct{kind: fltLater}, fltAct{kind: fltSelf, n: 1}, fltAct{kind: fltLater})
	fmt.Println("BlockOn of a future that waits for a wake from another goroutine, wakes itself once, waits again, " +
		"then is Ready(5):")
	problem := fltDrive("that future", p)
	p.mu.Lock()
	log := append([]string{}, p.log...)
	p.mu.Unlock()
	for _, l := range log {
		fmt.Println("  " + l)
	}
	if problem != "" {
		first, _, _ := strings.Cut(problem, "\n")
		fmt.Println("  stopped: " + first)
	}
	want := []string{
		"poll #1: Pending, no wake",
		"  the executor slept; the check woke the waker from another goroutine",
		"poll #2: Pending, woke the waker 1× during the poll",
		"poll #3: Pending, no wake",
		"  the executor slept; the check woke the waker from another goroutine",
		"poll #4: Ready(5)",
	}
	if problem == "" && strings.Join(log, "\n") == strings.Join(want, "\n") {
		fmt.Println("  a correct one does the same")
		return
	}
	fmt.Println("  a correct one does this instead:")
	for _, l := range want {
		fmt.Println("    " + l)
	}
}
