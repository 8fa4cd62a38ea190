package polltocompletion_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	polltocompletion "github.com/futurelings/futurelings/exercises/1_futures/poll_to_completion"
)

// flSpinLimit is how many polls a test future takes before it ends itself
// with Ready, so that an executor that never stops polling still returns.
const flSpinLimit = 1000

// flTimeout bounds one run of the learner's executor.
const flTimeout = time.Second

// flProbe is a scripted future that records how it is polled. Poll n
// (from 1) returns Pending after waking the waker wakes[n-1] times, until
// the script runs out; then it is Ready with value. A negative count in the
// last place means "Pending without a wake, forever".
type flProbe[T any] struct {
	name  string
	wakes []int // per Pending poll; the last entry repeats if it is negative
	value T
	// elsewhere makes each wake come from another goroutine, still during
	// the poll: Poll waits for it before it returns.
	elsewhere bool

	mu         sync.Mutex
	polls      int
	readyAt    int // the poll that returned Ready, or 0
	afterReady int // polls made after Ready
	spun       bool
}

// flSnapshot is a copy of a probe's record, safe to read at any time.
type flSnapshot struct {
	polls, readyAt, afterReady int
	spun                       bool
}

func (p *flProbe[T]) snapshot() flSnapshot {
	p.mu.Lock()
	defer p.mu.Unlock()
	return flSnapshot{p.polls, p.readyAt, p.afterReady, p.spun}
}

func (p *flProbe[T]) Poll(cx *core.Context) core.Poll[T] {
	p.mu.Lock()
	p.polls++
	n := p.polls
	switch {
	case p.readyAt > 0:
		p.afterReady++
		p.mu.Unlock()
		return core.Ready(p.value)
	case n > flSpinLimit:
		// Give up on an executor that will not stop.
		p.spun, p.readyAt = true, n
		p.mu.Unlock()
		return core.Ready(p.value)
	}
	wakes := -1
	if i := n - 1; i < len(p.wakes) {
		wakes = p.wakes[i]
	} else if len(p.wakes) > 0 && p.wakes[len(p.wakes)-1] < 0 {
		wakes = p.wakes[len(p.wakes)-1]
	} else {
		p.readyAt = n
		p.mu.Unlock()
		return core.Ready(p.value)
	}
	p.mu.Unlock()
	if cx == nil {
		panic("Poll was called with a nil *core.Context: make one with core.NewContext(waker) and pass it to every poll")
	}
	for i := 0; i < wakes; i++ {
		if p.elsewhere {
			done := make(chan struct{})
			go func() { cx.Waker().Wake(); close(done) }()
			<-done
		} else {
			cx.Waker().Wake()
		}
	}
	return core.Pending[T]()
}

// flResult is what one run of the learner's executor did.
type flResult[T any] struct {
	value    T
	err      error
	panicked any
	timedOut bool
}

// flRun runs the learner's PollToCompletion on p on its own goroutine and
// waits at most flTimeout for it.
func flRun[T any](p *flProbe[T]) flResult[T] {
	done := make(chan flResult[T], 1)
	go func() {
		var r flResult[T]
		defer func() {
			if x := recover(); x != nil {
				r.panicked = x
			}
			done <- r
		}()
		r.value, r.err = polltocompletion.PollToCompletion[T](p)
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(flTimeout):
		return flResult[T]{timedOut: true}
	}
}

// flTimes says "once" or "n times".
func flTimes(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// flPolls says "1 poll" or "n polls".
func flPolls(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

// describe says what the probe's script is, for messages.
func (p *flProbe[T]) describe() string { return p.name }

// flShow formats a value the way core's traces do.
func flShow[T any](v T) string {
	s := core.Ready(v).String()
	return strings.TrimSuffix(strings.TrimPrefix(s, "Ready("), ")")
}

// flCheckCompletes runs a future that ends Ready and says what the executor
// got wrong, or "".
func flCheckCompletes[T comparable](p *flProbe[T], wantPolls int) string {
	r := flRun(p)
	s := p.snapshot()
	head := "PollToCompletion(" + p.describe() + ")"
	switch {
	case r.timedOut:
		return fmt.Sprintf("%s had not returned after %v (it had polled the future %s, and the future "+
			"had returned Ready on poll #%d)", head, flTimeout, flPolls(s.polls), s.readyAt)
	case r.panicked != nil:
		return fmt.Sprintf("%s panicked: %v", head, r.panicked)
	case s.afterReady > 0:
		return fmt.Sprintf("%s polled the future again after poll #%d returned %v: a future that is Ready is "+
			"finished and must never be polled again (keep the value from the Ready poll)",
			head, s.readyAt, core.Ready(p.value))
	case r.err != nil && s.readyAt == 0:
		return fmt.Sprintf("%s returned an error after %s although the future woke its waker during "+
			"every poll that returned Pending: %v (a wake means \"poll me again\"; look at the flag after "+
			"the poll, and clear it only once you have read it)", head, flPolls(s.polls), r.err)
	case r.err != nil:
		return fmt.Sprintf("%s returned the error %q although the future was Ready on poll #%d: "+
			"a finished future's value comes with a nil error", head, r.err, s.readyAt)
	case s.readyAt == 0:
		return fmt.Sprintf("%s returned %s after %s, before the future was Ready: poll until Ready",
			head, flShow(r.value), flPolls(s.polls))
	case r.value != p.value:
		return fmt.Sprintf("%s returned %s, want %s: return the value of the Ready poll",
			head, flShow(r.value), flShow(p.value))
	case s.polls != wantPolls:
		return fmt.Sprintf("%s polled the future %s, want %s", head, flTimes(s.polls), flTimes(wantPolls))
	}
	return ""
}

// flCheckLostWakeup runs a future that loses its wake-up (see
// flLosesWakeAfter) and says what the executor got wrong, or "".
func flCheckLostWakeup(p *flProbe[int]) string {
	// The script's last entry is the first Pending without a wake.
	lostAt := len(p.wakes)
	r := flRun(p)
	s := p.snapshot()
	head := "PollToCompletion(" + p.describe() + ")"
	wanted := fmt.Sprintf("it should stop after poll #%d and return an error that wraps ErrLostWakeup", lostAt)
	switch {
	case r.timedOut && s.polls <= lostAt:
		return fmt.Sprintf("%s had not returned after %v: poll #%d returned Pending without a wake, and your "+
			"executor is still waiting for a wake that can never come; %s", head, flTimeout, lostAt, wanted)
	case r.timedOut:
		return fmt.Sprintf("%s had not returned after %v: your executor kept polling (%s) although poll #%d "+
			"returned Pending without a wake; %s", head, flTimeout, flPolls(s.polls), lostAt, wanted)
	case r.panicked != nil:
		return fmt.Sprintf("%s panicked: %v", head, r.panicked)
	case s.spun:
		return fmt.Sprintf("%s kept polling the future without a wake: poll #%d returned Pending without "+
			"waking the waker, yet your executor polled it %d more times (until the future was made Ready "+
			"to end the loop); %s instead of spinning", head, lostAt, s.polls-lostAt, wanted)
	case s.polls > lostAt:
		return fmt.Sprintf("%s polled the future %s: poll #%d returned Pending without waking the waker, "+
			"and your executor polled it again anyway; %s", head, flTimes(s.polls), lostAt, wanted)
	case s.polls < lostAt:
		return fmt.Sprintf("%s stopped after %s, but the future woke its waker on each of those polls, so "+
			"it asked to be polled again; %s (a wake means \"poll me again\")",
			head, flPolls(s.polls), wanted)
	case r.err == nil:
		return fmt.Sprintf("%s returned %d and a nil error after poll #%d returned Pending without a wake; %s",
			head, r.value, lostAt, wanted)
	case errors.Is(r.err, core.ErrLostWakeup) && !errors.Is(r.err, polltocompletion.ErrLostWakeup):
		return fmt.Sprintf("%s returned core's lost wake-up error (%v); write your own loop instead of "+
			"calling core.PollToCompletion, and return polltocompletion.ErrLostWakeup", head, r.err)
	case !errors.Is(r.err, polltocompletion.ErrLostWakeup):
		return fmt.Sprintf("%s returned the error %q, which does not wrap ErrLostWakeup: return ErrLostWakeup "+
			"itself, or wrap it with fmt.Errorf(\"...: %%w\", ErrLostWakeup) so errors.Is can find it", head, r.err)
	}
	return ""
}

// flReadyNow is Ready on its first poll.
func flReadyNow[T any](v T) *flProbe[T] {
	return &flProbe[T]{name: fmt.Sprintf("a future that is Ready(%s) at once", flShow(v)), value: v}
}

// flPendingTimes is Pending k times, waking w times during each, then Ready.
func flPendingTimes[T any](k, w int, v T) *flProbe[T] {
	wakes := make([]int, k)
	for i := range wakes {
		wakes[i] = w
	}
	return &flProbe[T]{
		name: fmt.Sprintf("a future that is Pending %s, waking %s each time, then Ready(%s)",
			flTimes(k), flTimes(w), flShow(v)),
		wakes: wakes, value: v,
	}
}

// flFromElsewhere makes p's wakes come from another goroutine.
func flFromElsewhere[T any](p *flProbe[T]) *flProbe[T] {
	p.elsewhere = true
	p.name += ", each wake from another goroutine during the poll"
	return p
}

// flLosesWakeAfter wakes on k Pendings, then returns Pending without a wake
// on every poll.
func flLosesWakeAfter(k int) *flProbe[int] {
	wakes := make([]int, k+1)
	for i := range k {
		wakes[i] = 1
	}
	wakes[k] = -1
	name := "a future that returns Pending without ever waking its waker"
	if k > 0 {
		name = fmt.Sprintf("a future that is Pending and wakes %s, then returns Pending without a wake", flTimes(k))
	}
	return &flProbe[int]{name: name, wakes: wakes, value: -1}
}

func TestReturnsTheValueOfAReadyFuture(t *testing.T) {
	problems := []string{
		flCheckCompletes(flReadyNow(7), 1),
		flCheckCompletes(flReadyNow(-40), 1),
		flCheckCompletes(flReadyNow("hello"), 1),
		flCheckCompletes(flReadyNow(struct{ X, Y int }{3, 4}), 1),
	}
	for _, p := range problems {
		if p != "" {
			t.Fatal(p)
		}
	}
}

func TestPollsAgainAfterEachWake(t *testing.T) {
	problems := []string{
		flCheckCompletes(flPendingTimes(1, 1, 7), 2),
		flCheckCompletes(flPendingTimes(2, 1, "two"), 3),
		flCheckCompletes(flPendingTimes(5, 1, 55), 6),
		flCheckCompletes(flPendingTimes(30, 1, 300), 31),
		// Several wakes during one poll still ask for one more poll.
		flCheckCompletes(flPendingTimes(3, 3, 33), 4),
		// A wake may come from another goroutine (here still during the
		// poll): it asks for a poll just the same.
		flCheckCompletes(flFromElsewhere(flPendingTimes(4, 1, 44)), 5),
		// No executor may give up on a future that keeps asking.
		flCheckCompletes(flPendingTimes(900, 1, 900), 901),
	}
	for _, p := range problems {
		if p != "" {
			t.Fatal(p)
		}
	}
}

// flNeverWakesProblem runs the never-waking future once for both checks
// that need it, so an executor that hangs on it costs one timeout, not two.
var flNeverWakesProblem = sync.OnceValue(func() string {
	return flCheckLostWakeup(flLosesWakeAfter(0))
})

func TestReportsALostWakeup(t *testing.T) {
	if p := flNeverWakesProblem(); p != "" {
		t.Fatal(p)
	}
}

func TestStopsWhenTheWakesStop(t *testing.T) {
	if flNeverWakesProblem() != "" {
		t.Skip("not checked yet: PollToCompletion must first report a future that never wakes")
	}
	for _, k := range []int{1, 3} {
		if p := flCheckLostWakeup(flLosesWakeAfter(k)); p != "" {
			t.Fatal(p)
		}
	}
}

func TestNeverPollsAfterReady(t *testing.T) {
	for _, p := range []*flProbe[int]{flReadyNow(1), flPendingTimes(1, 1, 2), flPendingTimes(4, 1, 3)} {
		flRun(p)
		if s := p.snapshot(); s.afterReady > 0 {
			t.Fatalf("PollToCompletion(%s) polled the future %s more after poll #%d returned %v: a future that "+
				"is Ready is finished and must never be polled again (keep the value from the Ready poll)",
				p.describe(), flTimes(s.afterReady), s.readyAt, core.Ready(p.value))
		}
	}
}

func TestAWakeCountsForOnePollOnly(t *testing.T) {
	if flNeverWakesProblem() != "" {
		t.Skip("not checked yet: PollToCompletion must first stop after a Pending without a wake")
	}
	// Two wakes during poll #1 ask for one more poll, not two: poll #2 is
	// Pending without a wake, so nothing asks for a third.
	p := &flProbe[int]{name: "a future that wakes twice during poll #1, then returns Pending without a wake",
		wakes: []int{2, -1}, value: -1}
	r := flRun(p)
	s := p.snapshot()
	switch {
	case r.timedOut || r.panicked != nil:
		t.Fatalf("PollToCompletion(%s) did not return in time or panicked (%v)", p.describe(), r.panicked)
	case s.polls > 2:
		t.Fatalf("PollToCompletion(%s) polled it %s. Two wakes during one poll still ask for one more poll only: "+
			"a wake says \"poll me again\", it is not a credit to be spent on later polls. Poll #2 returned Pending "+
			"without a wake, so it should stop there with ErrLostWakeup (a bool that the waker sets, cleared before "+
			"each poll, counts this right; a counter does not)", p.describe(), flTimes(s.polls))
	case !errors.Is(r.err, polltocompletion.ErrLostWakeup):
		t.Fatalf("PollToCompletion(%s) returned %v after %s; want an error wrapping ErrLostWakeup after poll #2",
			p.describe(), r.err, flPolls(s.polls))
	}
}

func TestWritesTheLoopItself(t *testing.T) {
	uses := flRefs("github.com/futurelings/futurelings/core", "PollToCompletion", "PollToCompletionWith")
	if recs := flRefs("github.com/futurelings/futurelings/core", "NewRecorder", "Recorder"); len(recs) > 0 {
		t.Fatalf("poll_to_completion uses %s. A Recorder is the checks' tool: it makes its own waker and context, "+
			"and its Run is the executor's loop, finished. This exercise is that loop, written by you: make the waker, "+
			"the context around it, and decide after each poll whether to poll again", flList(recs))
	}
	if len(uses) > 0 {
		t.Fatalf("poll_to_completion calls %s. This exercise is the executor's loop itself, written by you: "+
			"core.PollToCompletion is that loop, finished, and wrapping its error hides the very decisions "+
			"(when to poll again, when to give up) the exercise is about", flList(uses))
	}
}

// flNestedProbe is a future whose first poll wakes its waker and then runs
// another future to completion with PollToCompletion, the way a future may
// block on a small job of its own; its second poll is Ready.
type flNestedProbe struct {
	polls    int
	innerErr error
}

func (p *flNestedProbe) Poll(cx *core.Context) core.Poll[int] {
	p.polls++
	if p.polls > 1 {
		return core.Ready(p.polls)
	}
	cx.Waker().Wake()
	_, p.innerErr = polltocompletion.PollToCompletion[int](flPendingTimes(1, 1, 0))
	return core.Pending[int]()
}

func TestEachRunHasItsOwnWaker(t *testing.T) {
	if flNeverWakesProblem() != "" {
		t.Skip("not checked yet: PollToCompletion must first report a future that never wakes")
	}
	p := &flNestedProbe{}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if x := recover(); x != nil {
				done <- fmt.Errorf("panicked: %v", x)
			}
		}()
		_, err := polltocompletion.PollToCompletion[int](p)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(flTimeout):
		t.Fatalf("PollToCompletion of a future that runs another PollToCompletion inside its first poll had not returned after %v", flTimeout)
	}
	if err != nil {
		why := ""
		if g := flGlobalStateProblem("poll_to_completion", ""); g != "" {
			why = " " + g
		}
		t.Fatalf("a future woke its waker during poll #1, then, still in that poll, ran a small future of its own with "+
			"PollToCompletion; after that inner run finished, the outer run returned %v instead of polling again. "+
			"Each run of PollToCompletion needs a waker and a flag of its own, local to that call, so that one run's "+
			"wakes can never be mistaken for another's.%s", err, why)
	}
	if p.innerErr != nil {
		t.Fatalf("a PollToCompletion run inside the poll of another future returned %v: each run needs a waker and a flag "+
			"of its own, local to that call", p.innerErr)
	}
}
