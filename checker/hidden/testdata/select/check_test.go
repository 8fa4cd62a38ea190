package selectfirst_test

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/futurelings/futurelings/core"
	selectfirst "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/select"
)

// flMaxPolls bounds every run: the sides here finish within five polls.
const flMaxPolls = 8

// flLog is what the two sides of a Select saw, poll by poll of the Select.
type flLog struct {
	poll      int              // the Select's poll in progress; 0 outside its polls
	events    map[int][]string // per Select poll: what each side was asked and said
	polled    map[string][]int // per side: the Select polls it was polled in
	drops     map[string][]string
	problems  []string     // a side polled after Ready or after it was dropped
	unwound   bool         // the Async side's body ran its deferred call
	innerDrop int          // drops of the future the Async side awaits
	wakers    []core.Waker // kept by sides that wake later, woken between polls

	goid      int64      // the goroutine that polls and drops the Select
	mu        sync.Mutex // guards elsewhere
	elsewhere string     // a side dropped on another goroutine
}

func flNewLog() *flLog {
	return &flLog{events: map[int][]string{}, polled: map[string][]int{}, drops: map[string][]string{}, goid: flGoid()}
}

// flGoid is the id of the calling goroutine, as runtime.Stack prints it.
func flGoid() int64 {
	var buf [64]byte
	s := strings.TrimPrefix(string(buf[:runtime.Stack(buf[:], false)]), "goroutine ")
	id, _ := strconv.ParseInt(s[:strings.IndexByte(s, ' ')], 10, 64)
	return id
}

// dropElsewhere is what one of the Select's sides found when it was
// dropped on another goroutine than the one that polls the Select.
func (l *flLog) dropElsewhere() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.elsewhere
}

func (l *flLog) note(format string, args ...any) {
	l.events[l.poll] = append(l.events[l.poll], fmt.Sprintf(format, args...))
}

// flTask is a hand-written future with a cleanup: Pending (waking its
// waker) pendings times, then Ready(value); with forever set it never
// finishes. Its Drop records the state it was dropped in.
type flTask[T any] struct {
	name     string
	pendings int
	forever  bool
	value    T
	log      *flLog
	polls    int
	ready    bool
	dropped  bool
	late     bool // keep the waker and let the run wake it between polls, instead of waking during the poll
	here     bool // must be dropped on the goroutine that polls the Select
}

func (f *flTask[T]) Poll(cx *core.Context) core.Poll[T] {
	l := f.log
	l.polled[f.name] = append(l.polled[f.name], l.poll)
	switch {
	case f.dropped:
		l.problems = append(l.problems, fmt.Sprintf("poll #%d polled %s after it had been dropped", l.poll, f.name))
		l.note("%s polled after it was dropped", f.name)
		panic(f.name + " was polled after it was dropped")
	case f.ready:
		l.problems = append(l.problems, fmt.Sprintf("poll #%d polled %s again after it had returned Ready", l.poll, f.name))
		l.note("%s polled again after Ready", f.name)
		panic(f.name + " was polled again after it returned Ready")
	}
	f.polls++
	if f.forever || f.pendings > 0 {
		f.pendings--
		if f.late {
			l.wakers = append(l.wakers, cx.Waker())
		} else {
			cx.Waker().Wake()
		}
		l.note("%s: Pending", f.name)
		return core.Pending[T]()
	}
	f.ready = true
	l.note("%s: Ready(%#v)", f.name, f.value)
	return core.Ready(f.value)
}

// Drop is the task's cleanup. It runs in whatever state the task is.
func (f *flTask[T]) Drop() {
	if f.here && flGoid() != f.log.goid {
		// Touch nothing the test goroutine reads: just say so.
		f.log.mu.Lock()
		if f.log.elsewhere == "" {
			f.log.elsewhere = fmt.Sprintf("%s was dropped on another goroutine than the one that polls the Select", f.name)
		}
		f.log.mu.Unlock()
		return
	}
	state := "never polled"
	switch {
	case f.ready:
		state = "finished"
	case f.polls > 0:
		state = fmt.Sprintf("after %d %s", f.polls, flPlural(f.polls, "poll"))
	}
	f.dropped = true
	f.log.drops[f.name] = append(f.log.drops[f.name], state)
	if f.log.poll > 0 {
		f.log.note("%s dropped (%s)", f.name, state)
	}
}

func flPlural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// flCase is one race: a finishes after pa Pendings, b after pb; -1 is never.
type flCase struct{ pa, pb int }

func (c flCase) String() string {
	return fmt.Sprintf("a %s, b %s", flWhen(c.pa), flWhen(c.pb))
}

func flWhen(p int) string {
	if p < 0 {
		return "never Ready"
	}
	return fmt.Sprintf("Ready on its poll #%d", p+1)
}

// winner says who should win and on which poll of the Select: a wins ties.
func (c flCase) winner() (aWins bool, poll int) {
	switch {
	case c.pb < 0 || (c.pa >= 0 && c.pa <= c.pb):
		return true, c.pa + 1
	}
	return false, c.pb + 1
}

type flRun struct {
	c     flCase
	log   *flLog
	steps []core.Step[selectfirst.Either[int, string]]
	wakes []int // wakes per poll, late ones included
}

func flTasks(c flCase, log *flLog) (*flTask[int], *flTask[string]) {
	return &flTask[int]{name: "a", pendings: c.pa, forever: c.pa < 0, value: 7, log: log, here: true},
		&flTask[string]{name: "b", pendings: c.pb, forever: c.pb < 0, value: "seven", log: log, here: true}
}

// flRace polls NewSelect(a, b) until it is Ready, panics, returns Pending
// with no wake, or has been polled flMaxPolls times.
func flRace(c flCase) *flRun { return flRaceWith(c, false) }

// flRaceWith is flRace; with late set, the sides keep their waker and the
// run wakes it between polls, as a timer would, instead of waking it during
// the poll.
func flRaceWith(c flCase, late bool) *flRun {
	log := flNewLog()
	a, b := flTasks(c, log)
	a.late, b.late = late, late
	r := core.NewRecorder[selectfirst.Either[int, string]](selectfirst.NewSelect[int, string](a, b))
	run := &flRun{c: c, log: log}
	for i := 1; i <= flMaxPolls; i++ {
		log.poll = i
		s := r.Step()
		run.steps = append(run.steps, s)
		before := r.Wakes()
		for _, w := range log.wakers {
			w.Wake()
		}
		log.wakers = nil
		run.wakes = append(run.wakes, s.Wakes+r.Wakes()-before)
		if s.Panicked || s.Result.IsReady() || run.wakes[i-1] == 0 {
			break
		}
	}
	log.poll = 0
	return run
}

func (run *flRun) trace() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\npoll by poll (%s):", run.c)
	for i, s := range run.steps {
		sides := strings.Join(run.log.events[s.N], ", ")
		if sides == "" {
			sides = "no side polled"
		}
		res := s.Result.String()
		if s.Panicked {
			res = fmt.Sprintf("panicked: %v", s.PanicText())
		}
		w := ""
		if s.Wakes > 0 {
			w = fmt.Sprintf(", woke %d×", s.Wakes)
		}
		if late := run.wakes[i] - s.Wakes; late > 0 {
			w += fmt.Sprintf(", then a side's waker woke %d× after the poll", late)
		}
		fmt.Fprintf(&b, "\n    poll #%d: %s → Select %s%s", s.N, sides, res, w)
	}
	return b.String()
}

var flCases = []flCase{{1, 3}, {3, 1}, {0, 2}, {2, 0}, {0, -1}, {-1, 1}, {2, 2}, {0, 0}, {4, -1}}

// flWinner is the first problem with who won, when, and with what.
func flWinner(run *flRun) string {
	c, log := run.c, run.log
	aWins, at := c.winner()
	want := selectfirst.Either[int, string]{IsA: true, A: 7}
	if !aWins {
		want = selectfirst.Either[int, string]{B: "seven"}
	}
	for _, s := range run.steps {
		switch {
		case s.Panicked && len(log.problems) > 0:
			return fmt.Sprintf("%s: a future must not be polled once it has finished or been dropped%s", log.problems[0], run.trace())
		case s.Panicked:
			return fmt.Sprintf("poll #%d panicked: %v%s", s.N, s.PanicText(), run.trace())
		case len(log.events[s.N]) == 0:
			return fmt.Sprintf("poll #%d polled neither side and returned %v: a Select does its work by polling its two futures, "+
				"a first, each with the cx it was given%s", s.N, s.Result, run.trace())
		case s.Result.IsPending() && s.N < at:
			continue
		case s.Result.IsPending():
			return fmt.Sprintf("poll #%d returned Pending, but %s returned Ready in it: the first side to finish wins, "+
				"and the Select is Ready with its value at once%s", s.N, map[bool]string{true: "a", false: "b"}[aWins], run.trace())
		case s.Result.Unwrap() != want:
			why := ""
			if c.pa == c.pb {
				why = ": both could finish in this poll, and a Select that polls a first (biased, like tokio's select! with biased;) lets a win the tie"
			}
			return fmt.Sprintf("poll #%d returned %v; want Ready(%v)%s%s", s.N, s.Result, want, why, run.trace())
		case s.N < at:
			return fmt.Sprintf("poll #%d returned %v before either side was Ready%s", s.N, s.Result, run.trace())
		}
		return ""
	}
	if last := run.steps[len(run.steps)-1]; run.wakes[len(run.steps)-1] == 0 {
		return fmt.Sprintf("poll #%d returned Pending and nothing woke the waker, so no executor would poll the Select again. "+
			"Poll each side with the cx you were given: a Pending side has arranged its own wake-up with it%s", last.N, run.trace())
	}
	return fmt.Sprintf("the Select was still Pending after %d polls; want Ready(%v) on poll #%d%s", len(run.steps), want, at, run.trace())
}

func TestFirstToFinishWins(t *testing.T) {
	for _, c := range flCases {
		if c.pa == c.pb {
			continue
		}
		if p := flWinner(flRace(c)); p != "" {
			t.Fatal(p)
		}
	}
}

func TestPassesItsWakerToBothSides(t *testing.T) {
	if flWinner(flRace(flCase{1, 3})) != "" {
		t.Skip("not checked yet: the first side to finish must win first")
	}
	for _, c := range []flCase{{2, 3}, {3, 1}} {
		run := flRaceWith(c, true)
		if p := flWinner(run); p != "" {
			t.Fatalf("with sides that keep the waker and wake it later, from outside the poll: %s", p)
		}
		for _, s := range run.steps {
			if s.Wakes > 0 {
				t.Fatalf("with sides that keep the waker and wake it later, from outside the poll: poll #%d woke the "+
					"waker %d× during the poll, although neither side did. A Select has nothing of its own to wait "+
					"for: it passes its cx to the sides, and their wakes are its wakes. Waking it yourself instead "+
					"makes the executor poll again at once, for nothing%s", s.N, s.Wakes, run.trace())
			}
		}
	}
}

func TestATieGoesToAPolledFirst(t *testing.T) {
	if flWinner(flRace(flCase{1, 3})) != "" {
		t.Skip("not checked yet: the first side to finish must win first")
	}
	for _, c := range []flCase{{2, 2}, {0, 0}} {
		if p := flWinner(flRace(c)); p != "" {
			t.Fatal(p)
		}
	}
}

func TestTheLoserIsNotPolledOnceThereIsAWinner(t *testing.T) {
	for _, c := range flCases {
		run := flRace(c)
		if flWinner(run) != "" {
			t.Skip("not checked yet: the right side must first win, on the right poll")
		}
		aWins, at := c.winner()
		loser := map[bool]string{true: "b", false: "a"}[aWins]
		if aWins && flContains(run.log.polled["b"], at) {
			t.Fatalf("poll #%d polled b after a had returned Ready in the same poll: a had won, so b's turn is over. "+
				"Whatever b did in that poll is thrown away with it (had it finished too, its result would be lost)%s",
				at, run.trace())
		}
		for _, n := range run.log.polled[loser] {
			if n > at {
				t.Fatalf("poll #%d polled %s, which had lost on poll #%d%s", n, loser, at, run.trace())
			}
		}
	}
}

func TestTheLoserIsDroppedOnceWhateverItsState(t *testing.T) {
	for _, c := range flCases {
		run := flRace(c)
		if flWinner(run) != "" {
			t.Skip("not checked yet: the right side must first win, on the right poll")
		}
		aWins, at := c.winner()
		loser := map[bool]string{true: "b", false: "a"}[aWins]
		state := "never polled"
		if n := len(run.log.polled[loser]); n > 0 {
			state = fmt.Sprintf("after %d %s", n, flPlural(n, "poll"))
		}
		if e := run.log.dropElsewhere(); e != "" {
			t.Fatalf("%s: cancelling is dropping, and a drop runs at once, on the goroutine that gives the future up, "+
				"before the Select returns Ready. A cleanup left to a goroutine runs at a moment nobody knows, "+
				"maybe after the caller has reused what the loser held%s", e, run.trace())
		}
		winner := map[bool]string{true: "a", false: "b"}[aWins]
		if n := len(run.log.drops[winner]); n > 1 {
			t.Fatalf("%s, the winner, was dropped %d times: a future is dropped once at most, as Rust drops a value "+
				"once%s", winner, n, run.trace())
		}
		switch drops := run.log.drops[loser]; len(drops) {
		case 0:
			t.Fatalf("poll #%d returned the winner, but %s, the loser (%s), was never dropped: its cleanup did not run, "+
				"so whatever it holds stays held. Cancel it with core.Drop before returning Ready, in every state it can be in%s",
				at, loser, state, run.trace())
		case 1:
		default:
			t.Fatalf("%s, the loser, was dropped %d times; a future is dropped once, as Rust drops a value once%s",
				loser, len(drops), run.trace())
		}
	}
}

func TestAnAsyncLoserIsUnwound(t *testing.T) {
	log := flNewLog()
	inner := &flTask[string]{name: "the future b awaits", forever: true, log: log}
	b := core.Async(func(aw *core.Awaiter) string {
		defer func() { log.unwound = true }()
		return core.Await[string](aw, inner)
	})
	a := &flTask[int]{name: "a", pendings: 2, value: 7, log: log}
	r := core.NewRecorder[selectfirst.Either[int, string]](selectfirst.NewSelect[int, string](a, b))
	r.Run(flMaxPolls)
	steps := r.Steps()
	if last := steps[len(steps)-1]; last.Panicked || !last.Result.IsReady() {
		t.Skip("not checked yet: the Select must first finish when a does")
	}
	if !log.unwound {
		t.Fatalf("a won on poll #%d, and b, a core.Async future suspended in an Await, lost; its body's deferred call never ran, "+
			"so b was not dropped. core.Drop(b) unwinds its body, and drops the future it awaits", len(steps))
	}
	if len(log.drops[inner.name]) != 1 {
		t.Fatalf("b's body was unwound but %s was dropped %d times; want once (core.Drop of b does it)", inner.name, len(log.drops[inner.name]))
	}
}

func TestDroppingTheSelectDropsBothSides(t *testing.T) {
	if flWinner(flRace(flCase{1, 3})) != "" {
		t.Skip("not checked yet: the right side must first win, on the right poll")
	}
	for polls := 0; polls <= 2; polls++ {
		log := flNewLog()
		a, b := flTasks(flCase{-1, -1}, log)
		s := selectfirst.NewSelect[int, string](a, b)
		cx := core.NewContext(nil)
		for i := 1; i <= polls; i++ {
			log.poll = i
			s.Poll(cx)
		}
		log.poll = 0
		core.Drop[selectfirst.Either[int, string]](s)
		for _, side := range []string{"a", "b"} {
			if n := len(log.drops[side]); n != 1 {
				t.Fatalf("a Select dropped after %d %s, before either side had won, dropped %s %d times; want once. "+
					"Go does not drop a value's fields for it, so the Select's Drop passes the cancellation on to both sides",
					polls, flPlural(polls, "poll"), side, n)
			}
		}
	}
	// Dropped after it finished: the loser is gone already.
	log := flNewLog()
	a, b := flTasks(flCase{0, -1}, log)
	s := selectfirst.NewSelect[int, string](a, b)
	log.poll = 1
	s.Poll(core.NewContext(nil))
	log.poll = 0
	core.Drop[selectfirst.Either[int, string]](s)
	if n := len(log.drops["b"]); n != 1 {
		t.Fatalf("a won on poll #1 and the Select was then dropped: b, the loser, was dropped %d times in all; want once, "+
			"when it lost. A finished Select has nothing left to cancel", n)
	}
	if n := len(log.drops["a"]); n > 1 {
		t.Fatalf("a won on poll #1 and the Select was then dropped: a, the winner, was dropped %d times in all; a "+
			"future is dropped once at most (a finished one may be dropped, but only once). A finished Select has "+
			"nothing left to cancel", n)
	}
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	log := flNewLog()
	a, b := flTasks(flCase{0, -1}, log)
	r := core.NewRecorder[selectfirst.Either[int, string]](selectfirst.NewSelect[int, string](a, b))
	log.poll = 1
	if s := r.Step(); s.Panicked || !s.Result.IsReady() {
		t.Skip("not checked yet: a Select whose a is Ready at once must be Ready on its first poll")
	}
	log.poll = 2
	s := r.Step()
	switch {
	case len(log.problems) > 0:
		t.Fatalf("poll #2, after Ready: %s; want the Select's own panic, saying it was polled after completion, before it touches either side",
			log.problems[0])
	case !s.Panicked:
		t.Fatalf("poll #2, after Ready, returned %v; want a panic saying the Select was polled after completion", s.Result)
	case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
		t.Fatalf("poll #2, after Ready, panicked with %q; want a message saying the Select was polled after completion", fmt.Sprint(s.Panic))
	}
}

func flContains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
