package blockon_test

import (
	"fmt"
	"go/ast"
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
func flDrive[T comparable](what string, p *flProbe[T]) string { return flDriveHeld(what, p, nil) }

// flDriveHeld is flDrive that, the first time the executor sleeps, calls
// hold before it wakes the executor: the executor sleeps as long as hold
// takes.
func flDriveHeld[T comparable](what string, p *flProbe[T], hold func()) string {
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
		if hold != nil {
			hold()
			hold = nil
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
// timers and sleeps of package time, the deadlines of package context, and
// core's clocks.
var flClockFuncs = map[string][]string{
	"time":    {"After", "AfterFunc", "Sleep", "NewTimer", "Tick", "NewTicker"},
	"context": {"WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"},
	// core's clocks run a function later, as time.AfterFunc does.
	"github.com/futurelings/futurelings/core": {"SystemClock", "NewManualClock", "ManualClock"},
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

// TestTwoCallsShareNothing runs two BlockOn calls at once: the first
// sleeps on its future while the second runs to the end. A wake of the
// second call's waker must reach the second call, never the first; and the
// first, asleep, must not hold up the second. Calls that share a token, a
// flag or a lock kept at package level fail one way or the other.
func TestTwoCallsShareNothing(t *testing.T) {
	flNeedsSleep(t)
	asleep, release := make(chan struct{}), make(chan struct{})
	first := flNewProbe(1, flAct{kind: flLater})
	firstDone := make(chan string, 1)
	go func() {
		firstDone <- flDriveHeld("a future that is Pending without waking, woken later from another goroutine, "+
			"then Ready(1)", first, func() {
			close(asleep)
			<-release
		})
	}()
	select {
	case <-asleep:
	case p := <-firstDone:
		t.Fatal(p)
	}
	second := flNewProbe(2, flAct{kind: flLater}, flAct{kind: flLater})
	p2 := flDrive("a second future, Pending 2× without waking and each time woken later from another goroutine, "+
		"then Ready(2), while a first BlockOn call sleeps on a future of its own", second)
	first.mu.Lock()
	crossed := first.unwoken
	first.mu.Unlock()
	second.mu.Lock()
	secondPolls := second.polls
	second.mu.Unlock()
	close(release)
	p1 := <-firstDone
	switch {
	case crossed > 0:
		t.Fatalf("two BlockOn calls ran at once, and the first one polled its future (poll #%d) when nothing had "+
			"woken it: the wake was meant for the second call, whose waker the check had called. The two calls "+
			"share their token: a wake must reach the call whose future was given that waker, and no other. Make "+
			"the token (and anything else a call needs) in BlockOn itself, a new one for every call, never in a "+
			"package-level variable", crossed)
	case secondPolls == 0 && p2 != "":
		t.Fatalf("two BlockOn calls ran at once, and while the first slept on its future, the second never "+
			"polled its own: the calls share something (a lock, a token) that the sleeping one keeps. Every call "+
			"of BlockOn is on its own and sleeps on a token of its own: make it in BlockOn itself, a new one for "+
			"every call, never in a package-level variable\n%s", p2)
	case p2 != "":
		t.Fatal(p2)
	case p1 != "":
		t.Fatal(p1)
	}
	t.Logf("two calls at once: each slept on its own token and woke only for its own future")
}

// TestKeepsToItsOwnCallAndGoroutine reads the code: BlockOn needs no thread
// but its caller's, and no state but its own locals. A goroutine that polls,
// wakes or ticks on its behalf goes unseen by the checks as long as it
// happens not to fire while they look; a package-level variable is shared
// by every call.
func TestKeepsToItsOwnCallAndGoroutine(t *testing.T) {
	flNeedsSleep(t)
	if uses := flGoroutines(); len(uses) > 0 {
		t.Fatalf("BlockOn starts a goroutine (%s): block_on needs no thread but the one that called it. It polls "+
			"there and sleeps there, and the wake comes from whoever calls the waker, when the future has something "+
			"new to say. A goroutine of yours that wakes, ticks or polls on BlockOn's behalf does it at moments "+
			"nobody asked for: the busy loop again, from elsewhere", flList(uses))
	}
	if p := flGlobalStateProblem("block_on", "Make the token (and anything else a call needs) in BlockOn itself, "+
		"a new one for every call: two calls at once must not wake, or wait for, each other."); p != "" {
		t.Fatal(p)
	}
	t.Logf("BlockOn keeps to its caller's goroutine and its own locals")
}

// flDroppingSends returns where a select with a default case sends on a
// channel made with no buffer: such a send reaches the executor only if it
// is asleep on the receive at that very moment.
func flDroppingSends() []flUse {
	fset, files := flSyntax()
	name := func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name
		case *ast.SelectorExpr:
			return e.Sel.Name
		}
		return ""
	}
	// made[n] is true when every channel made for a name n has no buffer.
	made := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			var lhs, rhs []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = n.Lhs, n.Rhs
			case *ast.ValueSpec:
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				rhs = n.Values
			case *ast.KeyValueExpr:
				lhs, rhs = []ast.Expr{n.Key}, []ast.Expr{n.Value}
			}
			if len(lhs) != len(rhs) {
				return true
			}
			for i, v := range rhs {
				c, ok := v.(*ast.CallExpr)
				if !ok || len(c.Args) == 0 {
					continue
				}
				if fn, ok := c.Fun.(*ast.Ident); !ok || fn.Name != "make" {
					continue
				}
				if _, ok := c.Args[0].(*ast.ChanType); !ok {
					continue
				}
				if n := name(lhs[i]); n != "" && n != "_" {
					unbuffered, seen := made[n]
					made[n] = len(c.Args) == 1 && (unbuffered || !seen)
				}
			}
			return true
		})
	}
	var uses []flUse
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectStmt)
			if !ok {
				return true
			}
			hasDefault := false
			var sends []*ast.SendStmt
			for _, c := range sel.Body.List {
				cc, ok := c.(*ast.CommClause)
				if !ok {
					continue
				}
				if cc.Comm == nil {
					hasDefault = true
				} else if s, ok := cc.Comm.(*ast.SendStmt); ok && made[name(s.Chan)] {
					sends = append(sends, s)
				}
			}
			if hasDefault {
				for _, s := range sends {
					uses = append(uses, flUse{At: flPos(fset, s.Pos()), What: "a send on " + name(s.Chan)})
				}
			}
			return true
		})
	}
	return uses
}

// TestAWakeBeforeTheSleepIsNeverDropped reads the code: a wake that comes
// after the poll returned, but before BlockOn is asleep, is a moment the
// other checks cannot pick, so they may never see such a wake dropped.
func TestAWakeBeforeTheSleepIsNeverDropped(t *testing.T) {
	flNeedsSleep(t)
	if uses := flDroppingSends(); len(uses) > 0 {
		t.Fatalf("BlockOn's waker makes %s in a select with a default case, on a channel made with no buffer: "+
			"that send gets through only if BlockOn is asleep on the receive at that very moment. A wake that comes "+
			"after the poll returned Pending, but before BlockOn went to sleep, takes the default case and is lost, "+
			"and BlockOn sleeps forever. Give the channel room for one token, make(chan struct{}, 1), so that the "+
			"wake waits there for the sleep", flList(uses))
	}
	t.Logf("a wake leaves a token that waits for the sleep")
}
