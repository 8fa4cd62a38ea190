package selectfirst_test

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

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
	turns     map[int][]string // per Select poll: the sides it polled, in order
	dropping  bool             // the Select's Drop is running
	drops     map[string][]string
	problems  []string     // a side polled after Ready, after it was dropped, or by a Drop
	unwound   bool         // the Async side's body ran its deferred call
	innerDrop int          // drops of the future the Async side awaits
	wakers    []core.Waker // kept by sides that wake later, woken between polls

	goid      int64      // the goroutine that polls and drops the Select
	mu        sync.Mutex // guards elsewhere
	elsewhere string     // a side dropped on another goroutine
}

func flNewLog() *flLog {
	return &flLog{events: map[int][]string{}, polled: map[string][]int{}, turns: map[int][]string{},
		drops: map[string][]string{}, goid: flGoid()}
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
// finishes, and with hangs set too it never wakes either, as a fetch from a
// server that never answers. Its Drop records the state it was dropped in.
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
	hangs    bool // wake nothing, ever
	here     bool // must be dropped on the goroutine that polls the Select
}

func (f *flTask[T]) Poll(cx *core.Context) core.Poll[T] {
	l := f.log
	l.polled[f.name] = append(l.polled[f.name], l.poll)
	l.turns[l.poll] = append(l.turns[l.poll], f.name)
	if l.dropping {
		l.problems = append(l.problems, fmt.Sprintf("dropping the Select polled %s", f.name))
	}
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
		switch {
		case f.hangs:
		case f.late:
			l.wakers = append(l.wakers, cx.Waker())
		default:
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

// flRun is one race of a Select[A, B] whose a finishes with va and b with
// vb.
type flRun[A, B comparable] struct {
	c     flCase
	va    A
	vb    B
	log   *flLog
	steps []core.Step[selectfirst.Either[A, B]]
	wakes []int // wakes per poll, late ones included
}

func flTasks(c flCase, log *flLog) (*flTask[int], *flTask[string]) {
	return flTasksOf(c, log, 7, "seven")
}

func flTasksOf[A, B any](c flCase, log *flLog, va A, vb B) (*flTask[A], *flTask[B]) {
	return &flTask[A]{name: "a", pendings: c.pa, forever: c.pa < 0, value: va, log: log, here: true},
		&flTask[B]{name: "b", pendings: c.pb, forever: c.pb < 0, value: vb, log: log, here: true}
}

// flRace polls NewSelect(a, b) until it is Ready, panics, returns Pending
// with no wake, or has been polled flMaxPolls times.
func flRace(c flCase) *flRun[int, string] { return flRaceOf(c, false, 7, "seven") }

// flRaceWith is flRace; with late set, the sides keep their waker and the
// run wakes it between polls, as a timer would, instead of waking it during
// the poll.
func flRaceWith(c flCase, late bool) *flRun[int, string] { return flRaceOf(c, late, 7, "seven") }

// flRaceOf is flRaceWith for a Select[A, B] whose sides finish with va
// and vb.
func flRaceOf[A, B comparable](c flCase, late bool, va A, vb B) *flRun[A, B] {
	log := flNewLog()
	a, b := flTasksOf(c, log, va, vb)
	a.late, b.late = late, late
	r := core.NewRecorder[selectfirst.Either[A, B]](selectfirst.NewSelect[A, B](a, b))
	run := &flRun[A, B]{c: c, va: va, vb: vb, log: log}
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

func (run *flRun[A, B]) trace() string {
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
func flWinner[A, B comparable](run *flRun[A, B]) string {
	c, log := run.c, run.log
	aWins, at := c.winner()
	want := selectfirst.Either[A, B]{IsA: true, A: run.va}
	if !aWins {
		want = selectfirst.Either[A, B]{B: run.vb}
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
			why := ""
			if v := flValue(want); flIsZero(v) {
				why = fmt.Sprintf(". Ready(%#v) is a result like any other, although %#v is the zero value: it is Ready that "+
					"says a side has finished, not what it finished with", v, v)
			}
			return fmt.Sprintf("poll #%d returned Pending, but %s returned Ready in it: the first side to finish wins, "+
				"and the Select is Ready with its value at once%s%s", s.N, map[bool]string{true: "a", false: "b"}[aWins], why, run.trace())
		case s.Result.Unwrap() != want:
			why := ""
			switch got := s.Result.Unwrap(); {
			case c.pa == c.pb:
				why = ": both could finish in this poll, and a Select that polls a first (biased, like tokio's select! with biased;) lets a win the tie"
			case got.IsA != want.IsA && reflect.TypeFor[A]() == reflect.TypeFor[B]():
				why = fmt.Sprintf(": in a Select[%v, %v] both sides finish with values of type %v, so only which side "+
					"returned Ready can say who won, never the value or its type. Set IsA from the side that won",
					reflect.TypeFor[A](), reflect.TypeFor[B](), reflect.TypeFor[A]())
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

// flValue is the winner's value in e.
func flValue[A, B any](e selectfirst.Either[A, B]) any {
	if e.IsA {
		return e.A
	}
	return e.B
}

func flIsZero(v any) bool { return v == nil || reflect.ValueOf(v).IsZero() }

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

// TestEveryWakeReachesTheLatestWaker races a side that hangs against a
// timer woken from another goroutine, as select!(fetch(), timeout()) does
// when the fetch never answers, giving each poll a waker of its own; then
// two such Selects, polled in turn as two tasks.
func TestEveryWakeReachesTheLatestWaker(t *testing.T) {
	if flWinner(flRace(flCase{1, 3})) != "" {
		t.Skip("not checked yet: the first side to finish must win first")
	}
	for _, c := range []flCase{{-1, 2}, {2, -1}} {
		if p := flRaceTimers(flNewTimed("the Select", c)); p != "" {
			t.Fatal(p)
		}
	}
	if p := flRaceTimers(flNewTimed("the first Select", flCase{-1, 2}), flNewTimed("the second Select", flCase{1, -1})); p != "" {
		t.Fatalf("two Selects polled in turn, each the future of a task of its own: %s", p)
	}
}

// flWakeWait is how long a check waits for a wake that should already have
// arrived: the timer's goroutine has woken its waker, and ended, before.
const flWakeWait = 100 * time.Millisecond

// flTimed is a Select whose one side hangs (Pending, and nothing ever wakes
// it) and whose other is a timer: it keeps the waker of each poll, and
// another goroutine wakes it after the poll. Each poll of the Select is
// given a waker of its own, as an executor may do (a Rust executor that
// moves a task to another thread hands it another waker).
type flTimed struct {
	name string
	run  *flRun[int, string]
	sel  *selectfirst.Select[int, string]
	recs []*core.Recorder[selectfirst.Either[int, string]] // one per poll, each with a waker of its own
	done bool
}

func flNewTimed(name string, c flCase) *flTimed {
	log := flNewLog()
	a, b := flTasks(c, log)
	a.late, b.late = true, true
	a.hangs, b.hangs = c.pa < 0, c.pb < 0
	return &flTimed{name: name, run: &flRun[int, string]{c: c, va: 7, vb: "seven", log: log},
		sel: selectfirst.NewSelect[int, string](a, b)}
}

// timer names the side that wakes, and the one that hangs.
func (x *flTimed) timer() (timer, hang string) {
	if x.run.c.pa < 0 {
		return "b", "a"
	}
	return "a", "b"
}

// poll polls the Select once, with a waker of its own.
func (x *flTimed) poll(n int) {
	r := core.NewRecorder[selectfirst.Either[int, string]](x.sel)
	x.run.log.poll = n
	s := r.Step()
	x.run.log.poll = 0
	s.N = n
	x.recs = append(x.recs, r)
	x.run.steps = append(x.run.steps, s)
	x.run.wakes = append(x.run.wakes, s.Wakes)
	x.done = s.Panicked || s.Result.IsReady()
}

// flWakeElsewhere wakes ws on another goroutine, as a timer's goroutine
// would, and returns when it has.
func flWakeElsewhere(ws []core.Waker) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { recover() }() // a wake that panics is a wake lost
		for _, w := range ws {
			w.Wake()
		}
	}()
	<-done
}

// flRaceTimers polls the Selects in turn, each with a new waker on every
// poll, and after each round wakes the timer of each, from another
// goroutine. It says what went wrong first.
func flRaceTimers(xs ...*flTimed) string {
	for n := 1; n <= flMaxPolls; n++ {
		var polled []*flTimed
		for _, x := range xs {
			if !x.done {
				x.poll(n)
				polled = append(polled, x)
			}
		}
		for _, x := range polled {
			ws := x.run.log.wakers
			x.run.log.wakers = nil
			if x.done || len(ws) == 0 {
				x.done = true // flWinner says what is wrong, if anything
				continue
			}
			before := map[*core.Recorder[selectfirst.Either[int, string]]]int{}
			for _, y := range xs {
				for _, r := range y.recs {
					before[r] = r.Wakes()
				}
			}
			flWakeElsewhere(ws)
			latest := x.recs[len(x.recs)-1]
			if latest.WaitForLateWake(flWakeWait) {
				x.run.wakes[n-1] += latest.Wakes() - before[latest]
				continue
			}
			timer, hang := x.timer()
			for _, y := range xs {
				for i, r := range y.recs {
					switch {
					case r.Wakes() == before[r]:
					case y == x:
						return fmt.Sprintf("poll #%d gave %s a new waker, as an executor may on any poll, and %s, a timer, "+
							"kept the waker it was handed in that poll and was woken after it, from another goroutine: "+
							"the wake reached the waker of poll #%d, not the one of poll #%d, which alone counts now. "+
							"Pass each poll's own cx to the sides, never one kept from an earlier poll%s",
							n, x.name, timer, i+1, n, x.run.trace())
					default:
						return fmt.Sprintf("the wake of %s's timer, %s, reached the waker of %s instead of its own: %s "+
							"would never be polled again, and the other task is polled for nothing. Each Select passes "+
							"its sides the cx of its own poll, not one kept where every Select can see it%s",
							x.name, timer, y.name, x.name, x.run.trace())
					}
				}
			}
			return fmt.Sprintf("poll #%d: %s hangs (Pending, and nothing will ever wake it) and %s is a timer: it kept "+
				"the waker of the poll and was woken after it, from another goroutine, but the wake never reached "+
				"the waker %s was given, so no executor would poll it again: the timeout never fires, and the "+
				"select!(fetch(), timeout()) hangs as long as the fetch does. Poll each side with the cx you were "+
				"given: the timer's wake is the only one %s will get%s", n, hang, timer, x.name, x.name, x.run.trace())
		}
	}
	for _, x := range xs {
		if p := flWinner(x.run); p != "" {
			return p
		}
	}
	return ""
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

// TestTheSideThatIsReadyWinsWhateverItsValue races sides of one type, with
// zero values: only Ready says that a side has finished, and only which
// side returned it says who won.
func TestTheSideThatIsReadyWinsWhateverItsValue(t *testing.T) {
	if flWinner(flRace(flCase{1, 3})) != "" {
		t.Skip("not checked yet: the first side to finish must win first")
	}
	for _, r := range []struct {
		c      flCase
		va, vb int
	}{{flCase{0, -1}, 0, 5}, {flCase{-1, 1}, 5, 0}, {flCase{-1, 0}, 3, 3}, {flCase{3, 1}, 0, 0}, {flCase{1, 1}, 0, 0}} {
		if p := flWinner(flRaceOf(r.c, false, r.va, r.vb)); p != "" {
			t.Fatalf("a Select[int, int] whose a would finish with %d and b with %d: %s", r.va, r.vb, p)
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
		if turns, b := run.log.turns[at], slices.Index(run.log.turns[at], "b"); !aWins && b >= 0 && slices.Contains(turns[b:], "a") {
			t.Fatalf("poll #%d polled a after b had returned Ready in the same poll: b had won, so a's turn was over. "+
				"a is polled first and b second, and the first Ready decides the race: whatever a did afterwards, in "+
				"the same poll, is thrown away with it (and a result it finished with would be lost)%s", at, run.trace())
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
	// Dropped before a winner: with sides that never finish, and with sides
	// that would both finish on the very next poll.
	for polls := 0; polls <= 2; polls++ {
		for _, c := range []flCase{{-1, -1}, {polls, polls}} {
			log := flNewLog()
			a, b := flTasks(c, log)
			s := selectfirst.NewSelect[int, string](a, b)
			cx := core.NewContext(nil)
			for i := 1; i <= polls; i++ {
				log.poll = i
				s.Poll(cx)
			}
			log.poll = 0
			if p := flDrop(s, log); p != "" {
				t.Fatalf("a Select dropped after %d %s, before either side had won (%s): %s", polls, flPlural(polls, "poll"), c, p)
			}
			for _, side := range []string{"a", "b"} {
				if n := len(log.drops[side]); n != 1 {
					t.Fatalf("a Select dropped after %d %s, before either side had won, dropped %s %d times; want once. "+
						"Go does not drop a value's fields for it, so the Select's Drop passes the cancellation on to both sides",
						polls, flPlural(polls, "poll"), side, n)
				}
			}
		}
	}
	// Dropped after it finished: the loser is gone already.
	for _, c := range []flCase{{0, -1}, {-1, 0}, {2, 1}} {
		log := flNewLog()
		s, _, ok := flFinish(c, log)
		if !ok {
			t.Skip("not checked yet: the right side must first win, on the right poll")
		}
		winner, loser, at := flSides(c)
		head := fmt.Sprintf("%s won on poll #%d and the Select was then dropped", winner, at)
		if p := flDrop(s, log); p != "" {
			t.Fatalf("%s: %s", head, p)
		}
		if n := len(log.drops[loser]); n != 1 {
			t.Fatalf("%s: %s, the loser, was dropped %d times in all; want once, when it lost. A finished Select has "+
				"nothing left to cancel", head, loser, n)
		}
		if n := len(log.drops[winner]); n > 1 {
			t.Fatalf("%s: %s, the winner, was dropped %d times in all; a future is dropped once at most (a finished "+
				"one may be dropped, but only once). A finished Select has nothing left to cancel", head, winner, n)
		}
	}
}

// flDrop drops the Select and says what went wrong in its Drop: a side
// polled, or a panic.
func flDrop[A, B any](s *selectfirst.Select[A, B], log *flLog) (problem string) {
	seen := len(log.problems)
	log.dropping = true
	defer func() {
		log.dropping = false
		p := recover()
		switch {
		case len(log.problems) > seen:
			problem = log.problems[seen] + ": a drop cancels, it never polls. Drop has no cx to pass on, so a side " +
				"polled there has no waker to arrange its wake-up with, and one that finishes in that poll has its " +
				"result thrown away. Drop each unfinished side, in whatever state it is, without a last poll"
		case p != nil:
			problem = fmt.Sprintf("dropping it panicked: %v", p)
		}
	}()
	core.Drop[selectfirst.Either[A, B]](s)
	return ""
}

// flFinish polls a Select of c's sides until the poll its winner should
// win on, and says whether the right side won then, with no poll
// panicking and the loser dropped where it should be.
func flFinish(c flCase, log *flLog) (*selectfirst.Select[int, string], *core.Recorder[selectfirst.Either[int, string]], bool) {
	a, b := flTasks(c, log)
	s := selectfirst.NewSelect[int, string](a, b)
	r := core.NewRecorder[selectfirst.Either[int, string]](s)
	aWins, at := c.winner()
	defer func() { log.poll = 0 }()
	for i := 1; i <= at; i++ {
		log.poll = i
		if st := r.Step(); st.Panicked || st.Result.IsReady() != (i == at) || i == at && st.Result.Unwrap().IsA != aWins {
			return s, r, false
		}
	}
	return s, r, log.dropElsewhere() == ""
}

// flSides names the winner and the loser of c, and the poll it is won on.
func flSides(c flCase) (winner, loser string, at int) {
	aWins, at := c.winner()
	if aWins {
		return "a", "b", at
	}
	return "b", "a", at
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	for _, c := range []flCase{{0, -1}, {-1, 0}, {2, 1}} {
		log := flNewLog()
		_, r, ok := flFinish(c, log)
		if !ok {
			t.Skip("not checked yet: the right side must first win, on the right poll")
		}
		winner, loser, at := flSides(c)
		head := fmt.Sprintf("%s won on poll #%d; poll #%d, after Ready,", winner, at, at+1)
		log.poll = at + 1
		s := r.Step()
		log.poll = 0
		switch {
		case len(log.problems) > 0:
			t.Fatalf("%s %s; want the Select's own panic, saying it was polled after completion, before it touches either side",
				head, strings.TrimPrefix(log.problems[0], fmt.Sprintf("poll #%d ", at+1)))
		case !s.Panicked:
			t.Fatalf("%s returned %v; want a panic saying the Select was polled after completion", head, s.Result)
		case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
			t.Fatalf("%s panicked with %q; want a message saying the Select was polled after completion", head, fmt.Sprint(s.Panic))
		}
		if n := len(log.drops[loser]); n != 1 {
			t.Fatalf("%s panicked as it should, but %s, the loser, has now been dropped %d times: it was dropped when it "+
				"lost, and a future is dropped once. A Select polled after completion has nothing left to cancel: it "+
				"panics, and touches neither side", head, loser, n)
		}
		if n := len(log.drops[winner]); n > 1 {
			t.Fatalf("%s panicked as it should, but %s, the winner, has now been dropped %d times: a future is dropped "+
				"once at most. A Select polled after completion has nothing left to cancel: it panics, and touches "+
				"neither side", head, winner, n)
		}
	}
}

// TestKeepsItsStateInItselfAndStartsNoGoroutine reads the code: a Select
// is a value that holds two futures and whether it has finished, polled on
// the goroutine of whoever polls it.
func TestKeepsItsStateInItselfAndStartsNoGoroutine(t *testing.T) {
	if uses := flGoroutines(); len(uses) > 0 {
		t.Fatalf("the Select starts a goroutine (%s): a Select adds no thread. It polls its sides and drops the loser "+
			"itself, on the goroutine that polls it, in turn and right away: a future is a value, run by whoever "+
			"polls it. A poll or a drop made on another goroutine runs beside the code that polls the Select, or "+
			"leaves it waiting, and costs a goroutine where a field would do", flList(uses))
	}
	if p := flGlobalStateProblem("select", "Keep what a Select remembers (whether it has finished) in its own fields, "+
		"and pass each side the cx of the poll."); p != "" {
		t.Fatal(p)
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
