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

// flBound turns a hang into a message: a correct executor reacts to
// everything these checks do at once, so waiting this long for it means it
// never will.
const flBound = 2 * time.Second

// flGoid is the id of the calling goroutine, as runtime.Stack prints it.
func flGoid() int64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, ' ')], 10, 64)
	return id
}

// flGoroutine returns the state runtime.Stack shows for goroutine id
// ("running", "chan receive", "sleep", ...) and its stack; "" when it has
// ended.
func flGoroutine(id int64) (state, stack string) {
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

// flAsleep reports whether a goroutine in this state is blocked until some
// other goroutine acts: on a channel, a lock, a condition.
func flAsleep(state string) bool {
	for _, w := range []string{"chan receive", "chan send", "select", "sync.", "semacquire"} {
		if strings.HasPrefix(state, w) {
			return true
		}
	}
	return false
}

// What a scripted poll does.
type flKind int

const (
	// Pending without a wake; the check wakes the waker from its own
	// goroutine once the executor sleeps.
	flLater flKind = iota
	// Pending after waking the waker n times during the poll.
	flSelf
	// Pending after another goroutine woke the waker n times while the
	// poll waited for it.
	flOther
	// Ready with the probe's value.
	flReady
)

type flAct struct {
	kind flKind
	n    int
}

// flProbe is a scripted future that records how the executor polls it. A
// poll that comes without a wake since the last poll began, or after
// Ready, ends the run: the probe answers Ready so that the executor returns.
type flProbe[T any] struct {
	script []flAct
	value  T
	events chan int // the number of each poll, as it returns

	mu         sync.Mutex
	polls      int
	woken      bool // a wake since the last poll began
	waker      core.Waker
	unwoken    int // the first poll made without a wake, or 0
	readyAt    int
	afterReady int
	stop       bool    // end the run at the next poll
	goids      []int64 // the goroutine of each poll
	inPoll     atomic.Bool
	log        []string
}

func flNewProbe[T any](v T, script ...flAct) *flProbe[T] {
	return &flProbe[T]{script: append(script, flAct{kind: flReady}), value: v, events: make(chan int, 1000)}
}

func (p *flProbe[T]) note(format string, args ...any) {
	p.mu.Lock()
	p.log = append(p.log, fmt.Sprintf(format, args...))
	p.mu.Unlock()
}

// wake calls the waker of the latest poll, as a timer or a socket would.
func (p *flProbe[T]) wake() {
	p.mu.Lock()
	p.woken = true
	w := p.waker
	p.mu.Unlock()
	w.Wake()
}

func (p *flProbe[T]) Poll(cx *core.Context) (res core.Poll[T]) {
	p.inPoll.Store(true)
	goid := flGoid()
	p.mu.Lock()
	p.goids = append(p.goids, goid)
	p.polls++
	n := p.polls
	woken := p.woken
	p.woken = false
	if cx != nil {
		p.waker = cx.Waker()
	}
	var act flAct
	switch {
	case p.readyAt > 0:
		p.afterReady++
		act = flAct{kind: flReady}
	case n > 1 && !woken:
		p.unwoken = n
		act = flAct{kind: flReady}
	case p.stop || n > len(p.script):
		act = flAct{kind: flReady}
	default:
		act = p.script[n-1]
	}
	if act.kind == flReady && p.readyAt == 0 {
		p.readyAt = n
	}
	p.mu.Unlock()
	defer func() {
		line := fmt.Sprintf("poll #%d: %v", n, res)
		switch {
		case n > 1 && !woken:
			line += "  <- nothing had woken the waker since poll #" + strconv.Itoa(n-1) + " began"
		case act.kind == flSelf:
			line += fmt.Sprintf(", woke the waker %d× during the poll", act.n)
		case act.kind == flOther:
			line += fmt.Sprintf(", another goroutine woke the waker %d× during the poll", act.n)
		case act.kind == flLater:
			line += ", no wake"
		}
		p.note("%s", line)
		p.events <- n
		p.inPoll.Store(false)
	}()
	if act.kind != flReady && cx == nil {
		panic("Poll was called with a nil *core.Context: make one with core.NewContext(waker) and pass it to every poll")
	}
	switch act.kind {
	case flReady:
		return core.Ready(p.value)
	case flSelf:
		for range act.n {
			p.wake()
		}
	case flOther:
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

// flRun is one run of the learner's BlockOn on a probe.
type flRun[T comparable] struct {
	p        *flProbe[T]
	goid     atomic.Int64
	done     chan struct{}
	value    T
	panicked any
	returned bool
}

func (r *flRun[T]) story() string {
	r.p.mu.Lock()
	defer r.p.mu.Unlock()
	return "\n    " + strings.Join(r.p.log, "\n    ")
}

// flEvent is what the check saw next while it waited on the executor.
type flEvent int

const (
	flPolled flEvent = iota
	flReturned
	flParked
	flTimedOut
)

// next waits for the executor's next move: a poll, a return, or sleep.
func (r *flRun[T]) next() (flEvent, string) {
	deadline := time.Now().Add(flBound)
	var state string
	slept := false
	for i := 0; ; i++ {
		// Polls first: a run that polled and then returned shows both.
		select {
		case <-r.p.events:
			return flPolled, ""
		default:
		}
		select {
		case <-r.done:
			return flReturned, ""
		default:
		}
		var stack string
		state, stack = flGoroutine(r.goid.Load())
		slept = slept || state == "sleep"
		if flAsleep(state) && !r.p.inPoll.Load() {
			// A poll's event is sent before it returns, so a poll that
			// came before the sleep is already in the channel.
			select {
			case <-r.p.events:
				return flPolled, ""
			default:
				return flParked, stack
			}
		}
		if time.Now().After(deadline) {
			if slept {
				state = "sleep"
			}
			return flTimedOut, state
		}
		if i < 100 {
			runtime.Gosched()
		} else {
			time.Sleep(50 * time.Microsecond)
		}
	}
}

// flDrive runs BlockOn(p) on a goroutine of its own, plays the script's
// part from outside (waking the executor once it sleeps), and says what
// the executor got wrong, or "".
func flDrive[T comparable](what string, p *flProbe[T]) string {
	r := &flRun[T]{p: p, done: make(chan struct{})}
	started := make(chan struct{})
	go func() {
		defer close(r.done)
		defer func() { r.panicked = recover() }()
		r.goid.Store(flGoid())
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
	var readySince time.Time // when the executor was first seen blocked after the Ready poll
	for n := 0; ; {
		ev, info := r.next()
		if ev == flReturned {
			break
		}
		if ev == flPolled {
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
		if n > 0 && p.script[n-1].kind == flReady && ev == flParked {
			// Blocked for a moment after the Ready poll (on the result of
			// a poll it made elsewhere, say): give it the time a return
			// takes before judging it.
			if readySince.IsZero() {
				readySince = time.Now()
			}
			if time.Since(readySince) < flBound {
				time.Sleep(50 * time.Microsecond)
				continue
			}
			return fail("went to sleep after poll #%d returned Ready, instead of returning its value", n)
		}
		last := p.script[max(n-1, 0)]
		switch {
		case n == 0 && ev == flParked:
			return fail("went to sleep before it polled the future even once: poll first; only a Pending " +
				"is a reason to wait")
		case ev == flTimedOut && last.kind == flLater:
			why := "it is neither blocked nor polling"
			if info == "sleep" {
				why = "it is in time.Sleep: a loop that sleeps and looks at a flag still polls, only slower"
			}
			return fail("had neither polled again nor gone to sleep %v after poll #%d returned Pending without "+
				"a wake (%s): block until the waker is called, on a channel receive or a sync.Cond", flBound, n, why)
		case ev == flTimedOut:
			return fail("had not polled the future again %v after poll #%d, although the waker was called "+
				"during that poll", flBound, n)
		case ev == flParked && last.kind != flLater:
			who := "the future itself"
			if last.kind == flOther {
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
	elsewhere := 0
	for i, g := range p.goids {
		if g != r.goid.Load() && elsewhere == 0 {
			elsewhere = i + 1
		}
	}
	p.mu.Unlock()
	switch {
	case unwoken > 0:
		return fail(busy, unwoken-1)
	case elsewhere > 0:
		return fail("made poll #%d on another goroutine than the one that called BlockOn: block_on runs the "+
			"future on the calling goroutine (the thread that calls it, in Rust), and sleeps there between polls. "+
			"Poll it yourself, in BlockOn's own loop", elsewhere)
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

func flLaterN(n int) []flAct {
	var s []flAct
	for range n {
		s = append(s, flAct{kind: flLater})
	}
	return s
}

func TestReturnsTheValue(t *testing.T) {
	for _, p := range []string{
		flDrive("a future that is Ready(7) at once", flNewProbe(7)),
		flDrive(`a future that is Ready("seven") at once`, flNewProbe("seven")),
	} {
		if p != "" {
			t.Fatal(p)
		}
	}
}

// flSleepsProblemNow says what is wrong with how the executor sleeps, or
// "". The later checks wait for it: an executor that never sleeps would
// cost each of them the whole bound, with the same message.
func flSleepsProblemNow() string {
	for _, k := range []int{1, 3} {
		what := fmt.Sprintf("a future that is Pending %d× without waking, each time woken later from another "+
			"goroutine, then Ready(%d)", k, k)
		if p := flDrive(what, flNewProbe(k, flLaterN(k)...)); p != "" {
			return p
		}
	}
	return ""
}

// flSleepsProblem is the first check's finding in this run of the checks
// (go test -count runs them all again, so it is worked out afresh each
// time the first check runs); the later checks wait for it.
var flSleepsProblemSeen atomic.Pointer[string]

func flSleepsProblem(fresh bool) string {
	if p := flSleepsProblemSeen.Load(); p != nil && !fresh {
		return *p
	}
	p := flSleepsProblemNow()
	flSleepsProblemSeen.Store(&p)
	return p
}

func flNeedsSleep(t *testing.T) {
	t.Helper()
	if flSleepsProblem(false) != "" {
		t.Skip("not checked yet: BlockOn must first sleep after a Pending and poll once per wake")
	}
}

func TestSleepsUntilWokenFromAnotherGoroutine(t *testing.T) {
	if p := flSleepsProblem(true); p != "" {
		t.Fatal(p)
	}
	t.Logf("polls = wakes + 1: the executor slept after each Pending and polled once per wake")
}

func TestKeepsAWakeThatCameDuringThePoll(t *testing.T) {
	flNeedsSleep(t)
	cases := []struct {
		what   string
		script []flAct
	}{
		{"a future that wakes its waker during poll #1, then is Ready(1)", []flAct{{flSelf, 1}}},
		{"a future whose waker another goroutine wakes during poll #1, then Ready(2)", []flAct{{flOther, 1}}},
		{"a future that wakes during polls #1 and #2, then waits for a wake from outside, then is Ready(3)",
			[]flAct{{flSelf, 1}, {flOther, 1}, {flLater, 0}}},
	}
	for i, c := range cases {
		if p := flDrive(c.what, flNewProbe(i+1, c.script...)); p != "" {
			t.Fatal(p)
		}
	}
}

func TestSeveralAndSpuriousWakesCostNoExtraPoll(t *testing.T) {
	flNeedsSleep(t)
	cases := []struct {
		what   string
		script []flAct
	}{
		{"a future that wakes its waker 3× during poll #1, then waits for a wake from outside, then is Ready(1)",
			[]flAct{{flSelf, 3}, {flLater, 0}}},
		{"a future whose waker another goroutine wakes 2× during poll #1, then waits for a wake from outside, " +
			"then is Ready(2)", []flAct{{flOther, 2}, {flLater, 0}}},
		{"a future woken from outside 3× with nothing new to say (spurious wakes), then Ready(3)", flLaterN(3)},
	}
	for i, c := range cases {
		if p := flDrive(c.what, flNewProbe(i+1, c.script...)); p != "" {
			t.Fatal(p)
		}
	}
}

// flClockFuncs are what a sleep that ends by itself is made of: the
// timers and sleeps of package time, and the deadlines of package context.
var flClockFuncs = map[string][]string{
	"time":    {"After", "AfterFunc", "Sleep", "NewTimer", "Tick", "NewTicker"},
	"context": {"WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"},
}

// TestSleepsUntilWokenAndNoLonger reads the code: a sleep with a time
// limit ("park, but at most 100ms, in case a wake is lost") wakes up by
// itself and polls a future that nothing woke, only less often; and core's
// executors are the checks', not BlockOn's. The other checks cannot see a
// limit longer than the moment they take to wake the executor.
func TestSleepsUntilWokenAndNoLonger(t *testing.T) {
	flNeedsSleep(t)
	var uses []flUse
	for pkg, names := range flClockFuncs {
		uses = append(uses, flRefs(pkg, names...)...)
	}
	if len(uses) > 0 {
		t.Fatalf("BlockOn uses %s: a sleep with a time limit ends by itself and polls the future although nothing "+
			"woke it, a busy loop that only spins more slowly. A wake is never lost when the token outlives it, so "+
			"there is nothing to guard against: block until the waker is called, with no time limit", flList(uses))
	}
	if uses := flRefs("github.com/futurelings/futurelings/core", "PollToCompletion", "PollToCompletionWith",
		"NewRecorder"); len(uses) > 0 {
		t.Fatalf("BlockOn uses %s, one of the checks' executors from core, which give up when a wake takes too "+
			"long; a block_on waits as long as it takes: write the loop yourself", flList(uses))
	}
	t.Logf("BlockOn sleeps with no time limit, in a loop of its own")
}
