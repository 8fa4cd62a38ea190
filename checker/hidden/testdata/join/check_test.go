package join_test

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/3_wakers_and_executors/join"
)

// flMaxPolls bounds every run: the sides here need at most five polls.
const flMaxPolls = 8

const flWord = unsafe.Sizeof(uintptr(0))

// flLog is what the two sides of a Join saw, poll by poll of the Join.
type flLog struct {
	poll    int                  // the Join's poll in progress
	events  map[int][]string     // per Join poll: what each side was asked and said
	polled  map[string][]int     // per side: the Join polls it was polled in
	readyAt map[string]int       // per side: the Join poll it returned Ready in
	again   []string             // sides polled after they returned Ready
	wakers  []core.Waker         // wakers kept by sides that wake later
	where   map[string][]uintptr // per side: the address it was polled at, each poll
	twice   string               // the first Join poll that polled a side more than once

	mu    sync.Mutex
	stale []string // wakes of a waker that an earlier poll of the Join was given
}

func (l *flLog) noteStale(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stale = append(l.stale, s)
}

func (l *flLog) firstStale() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.stale) == 0 {
		return ""
	}
	return l.stale[0]
}

func flNewLog() *flLog {
	return &flLog{events: map[int][]string{}, polled: map[string][]int{}, readyAt: map[string]int{},
		where: map[string][]uintptr{}}
}

// flSide is a hand-written future: Pending (waking its waker, at once or
// after the poll) pendings times, then Ready(value). It reports every poll
// to the log. The Join holds it by value.
type flSide[T any] struct {
	name     string
	pendings int
	value    T
	late     bool // wake from outside, between polls, instead of during the poll
	silent   bool // wait for something that does not come: never wake
	log      *flLog
}

func (s *flSide[T]) Poll(cx *core.Context) core.Poll[T] {
	l := s.log
	if n := len(l.polled[s.name]); n > 0 && l.polled[s.name][n-1] == l.poll && l.twice == "" {
		l.twice = fmt.Sprintf("poll #%d polled %s twice", l.poll, s.name)
	}
	l.polled[s.name] = append(l.polled[s.name], l.poll)
	l.where[s.name] = append(l.where[s.name], uintptr(unsafe.Pointer(s)))
	if at, ok := l.readyAt[s.name]; ok {
		l.again = append(l.again, fmt.Sprintf("poll #%d polled %s again, after it had returned Ready(%v) on poll #%d", l.poll, s.name, flShow(s.value), at))
		l.events[l.poll] = append(l.events[l.poll], s.name+" polled again after Ready")
		panic(fmt.Sprintf("%s was polled again after it returned Ready", s.name))
	}
	if s.pendings > 0 {
		s.pendings--
		switch {
		case s.silent:
		case s.late:
			l.wakers = append(l.wakers, cx.Waker())
		default:
			cx.Waker().Wake()
		}
		l.events[l.poll] = append(l.events[l.poll], s.name+": Pending")
		return core.Pending[T]()
	}
	l.readyAt[s.name] = l.poll
	l.events[l.poll] = append(l.events[l.poll], fmt.Sprintf("%s: Ready(%v)", s.name, flShow(s.value)))
	return core.Ready(s.value)
}

func flShow(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// flNever, for a side's Pendings, is a side that waits for good for
// something that does not come: always Pending, and it never wakes.
const flNever = -1

// flCase is one way the two sides can finish: a after pa Pendings, b after pb.
type flCase struct {
	pa, pb int
	late   bool
}

func (c flCase) String() string {
	var s string
	switch {
	case c.pa == flNever:
		s = fmt.Sprintf("a Pending for good and never waking, b Ready on its poll #%d", c.pb+1)
	case c.pb == flNever:
		s = fmt.Sprintf("a Ready on its poll #%d, b Pending for good and never waking", c.pa+1)
	default:
		s = fmt.Sprintf("a Ready on its poll #%d, b on its poll #%d", c.pa+1, c.pb+1)
	}
	if c.late {
		s += "; wakes come after the poll, from another goroutine"
	}
	return s
}

// flWantPolls is how many polls a correct Join needs.
func (c flCase) wantPolls() int { return max(c.pa, c.pb) + 1 }

// flSideOf is the side of a case that pendings describes.
func flSideOf[T any](name string, pendings int, value T, c flCase, log *flLog) flSide[T] {
	if pendings == flNever {
		return flSide[T]{name: name, pendings: 1 << 30, value: value, silent: true, log: log}
	}
	return flSide[T]{name: name, pendings: pendings, value: value, late: c.late, log: log}
}

// flTask is the task that owns a Join, as an executor polls it: each poll
// gets a Context of its own, with a new waker, as an executor may hand out.
// Only a wake of the latest poll's waker reaches the executor (the
// recorder); a wake of an older one is logged as stale.
type flTask[T any] struct {
	join core.Future[T]
	*flWakers
}

type flWakers struct {
	log     *flLog
	polls   atomic.Int32 // polls begun so far
	polling atomic.Bool
}

func (t *flTask[T]) Poll(cx *core.Context) core.Poll[T] {
	w := &flPollWaker{n: t.polls.Add(1), of: t.flWakers, executor: cx.Waker()}
	t.polling.Store(true)
	defer t.polling.Store(false)
	return t.join.Poll(core.NewContext(w))
}

// flPollWaker is the waker of one poll of a task.
type flPollWaker struct {
	n        int32
	of       *flWakers
	executor core.Waker
}

func (w *flPollWaker) Wake() {
	latest := w.of.polls.Load()
	if w.n == latest {
		w.executor.Wake()
		return
	}
	when := fmt.Sprintf("after poll #%d had returned", latest)
	if w.of.polling.Load() {
		when = fmt.Sprintf("during poll #%d", latest)
	}
	w.of.log.noteStale(fmt.Sprintf("the waker of poll #%d was woken %s", w.n, when))
}

// flRun is one Join polled by a task of its own, poll by poll.
type flRun[B comparable] struct {
	c     flCase
	want  join.Pair[int, B]
	typ   reflect.Type
	join  uintptr // where the Join lies, and its size
	size  uintptr
	log   *flLog
	r     *core.Recorder[join.Pair[int, B]]
	steps []core.Step[join.Pair[int, B]]
	wakes []int // wakes per poll, late ones included
}

// flStart makes NewJoin[int, B](a, b) of two sides that finish as c says,
// with outputs a and b, and the task that polls it. Nothing is polled yet.
func flStart[B comparable](c flCase, a int, b B) *flRun[B] {
	log := flNewLog()
	j := join.NewJoin[int, B](flSideOf("a", c.pa, a, c, log), flSideOf("b", c.pb, b, c, log))
	return &flRun[B]{c: c, want: join.Pair[int, B]{A: a, B: b}, log: log, typ: reflect.TypeOf(j).Elem(),
		join: uintptr(unsafe.Pointer(j)), size: unsafe.Sizeof(*j),
		r: core.NewRecorder[join.Pair[int, B]](&flTask[join.Pair[int, B]]{join: j, flWakers: &flWakers{log: log}})}
}

// poll polls the Join once.
func (run *flRun[B]) poll() core.Step[join.Pair[int, B]] {
	run.log.poll = len(run.steps) + 1
	s := run.r.Step()
	run.steps = append(run.steps, s)
	run.wakes = append(run.wakes, s.Wakes)
	return s
}

// wakeLate wakes, from another goroutine, the wakers the sides kept in
// the last poll, waits until they have returned, and returns how many
// wakes reached the task.
func (run *flRun[B]) wakeLate() int {
	before := run.r.Wakes()
	wakers := run.log.wakers
	run.log.wakers = nil
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, w := range wakers {
			w.Wake()
		}
	}()
	<-done
	n := run.r.Wakes() - before
	run.wakes[len(run.wakes)-1] += n
	return n
}

// over says whether the last poll ended the run: it panicked, was Ready,
// or returned Pending with no wake.
func (run *flRun[B]) over() bool {
	s := run.last()
	return s.Panicked || s.Result.IsReady() || run.wakes[len(run.wakes)-1] == 0
}

// flJoin polls NewJoin(a, b) until it is Ready, panics, returns Pending
// with no wake, or has been polled flMaxPolls times. Sides that wake late
// are woken between the polls, from another goroutine.
func flJoin(c flCase) *flRun[string] { return flJoinOf(c, 7, "seven") }

func flJoinOf[B comparable](c flCase, a int, b B) *flRun[B] {
	run := flStart(c, a, b)
	for i := 1; i <= flMaxPolls; i++ {
		run.poll()
		run.wakeLate()
		if run.over() {
			break
		}
	}
	return run
}

// trace shows the run poll by poll, with what each side was asked.
func (run *flRun[B]) trace() string {
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
		if run.wakes[i] > 0 {
			w = fmt.Sprintf(", woke %d×", run.wakes[i])
		}
		fmt.Fprintf(&b, "\n    poll #%d: %s → Join %s%s", s.N, sides, res, w)
	}
	return b.String()
}

func (run *flRun[B]) last() core.Step[join.Pair[int, B]] { return run.steps[len(run.steps)-1] }

var flCases = []flCase{{1, 3, false}, {3, 1, false}, {2, 2, false}, {0, 2, false}, {2, 0, false}, {0, 0, false}, {1, 2, true}}

// flStaleWake is the first wake of a waker that an earlier poll was given.
func flStaleWake[B comparable](run *flRun[B]) string {
	stale := run.log.firstStale()
	if stale == "" {
		return ""
	}
	return fmt.Sprintf("%s: every poll of the Join came with a new waker, and that wake went to an old one. An executor "+
		"may hand out a new waker on every poll, and only the waker of the latest poll is sure to lead back to the task "+
		"(Rust's Future::poll says so: only the Waker from the Context passed to the most recent call should be "+
		"scheduled to receive a wakeup). Poll the sides with the cx of the poll in progress, every time; a cx kept from "+
		"an earlier poll goes stale%s", stale, run.trace())
}

// flBasic is the first problem of the common runs: polling a finished
// side, a panic, Ready too early or with a wrong pair, never Ready.
func flBasic[B comparable](run *flRun[B]) string {
	c, log, last, want := run.c, run.log, run.last(), run.want
	if log.twice != "" {
		return fmt.Sprintf("%s: a Join polls each unfinished side once per poll of its own. A side that said "+
			"Pending has arranged its wake-up; polling it again at once asks a question it has just answered, a "+
			"busy loop inside the poll%s", log.twice, run.trace())
	}
	if len(log.again) > 0 {
		return fmt.Sprintf("%s: a finished future must never be polled again; remember that it is done and skip it%s", log.again[0], run.trace())
	}
	if p := flStaleWake(run); p != "" {
		return p
	}
	for _, s := range run.steps {
		if s.Panicked {
			return fmt.Sprintf("poll #%d panicked: %v%s", s.N, s.PanicText(), run.trace())
		}
		if !s.Result.IsReady() {
			continue
		}
		pending := ""
		if _, ok := log.readyAt["a"]; !ok {
			pending = "a"
		} else if _, ok := log.readyAt["b"]; !ok {
			pending = "b"
		}
		if pending != "" {
			return fmt.Sprintf("poll #%d returned %v while %s had not returned Ready yet: a Join is Ready only when both sides are%s",
				s.N, s.Result, pending, run.trace())
		}
		got := s.Result.Unwrap()
		if got.A != want.A {
			return fmt.Sprintf("poll #%d returned %v; want Ready(%+v): a returned Ready(%v) on poll #%d, and the Join must keep that %v "+
				"until b is done too (a finished side is not polled again, so its output exists only where the Join kept it)%s",
				s.N, s.Result, want, flShow(want.A), log.readyAt["a"], flShow(want.A), run.trace())
		}
		if got.B != want.B {
			return fmt.Sprintf("poll #%d returned %v; want Ready(%+v): b returned Ready(%v) on poll #%d, and the Join must keep it "+
				"until a is done too%s", s.N, s.Result, want, flShow(want.B), log.readyAt["b"], run.trace())
		}
		if p := flSkippedSide(run); p != "" {
			return p
		}
		if s.N != c.wantPolls() {
			return fmt.Sprintf("the Join was Ready on poll #%d; want poll #%d, the poll in which the later side finishes%s", s.N, c.wantPolls(), run.trace())
		}
		return ""
	}
	if len(log.events[last.N]) == 0 && !last.Panicked {
		return fmt.Sprintf("poll #%d polled neither side and returned %v: a Join does its work by polling its two futures, "+
			"each with the cx it was given%s", last.N, last.Result, run.trace())
	}
	if i := len(run.steps) - 1; run.wakes[i] == 0 {
		atA, doneA := log.readyAt["a"]
		atB, doneB := log.readyAt["b"]
		if doneA && doneB {
			var zero join.Pair[int, B]
			note := ""
			if want.A == zero.A || want.B == zero.B {
				note = fmt.Sprintf(". A side's output cannot say whether it is done: %v and %v are outputs like any "+
					"other, zero values included; a flag for each side can", flShow(want.A), flShow(want.B))
			}
			return fmt.Sprintf("poll #%d returned Pending and nothing woke the waker, though a had returned Ready(%v) on poll #%d "+
				"and b Ready(%v) on poll #%d: once the second side is done, the Join is Ready with both outputs, in that "+
				"same poll. Neither side has anything left to wait for, so nothing will ask for another poll%s%s",
				last.N, flShow(want.A), atA, flShow(want.B), atB, note, run.trace())
		}
		return fmt.Sprintf("poll #%d returned Pending and nothing woke the waker, so no executor would poll the Join again. "+
			"Poll each unfinished side with the cx you were given: a Pending side has arranged its own wake-up with it%s", last.N, run.trace())
	}
	if p := flSkippedSide(run); p != "" {
		return p
	}
	for _, side := range []struct {
		name  string
		needs int
	}{{"a", c.pa + 1}, {"b", c.pb + 1}} {
		if _, done := log.readyAt[side.name]; !done && len(log.polled[side.name]) > side.needs {
			return fmt.Sprintf("%s was polled %d times and was still Pending, though it is Ready on its poll #%d: each poll "+
				"started it afresh, so the Join polls a copy of it. Poll it where it lies inside the Join, through a pointer to "+
				"the field (PA(&j.a)), so that what it did in one poll is still there in the next%s",
				side.name, len(log.polled[side.name]), side.needs, run.trace())
		}
	}
	return fmt.Sprintf("the Join was still Pending after %d polls; want Ready(%+v) on poll #%d%s", len(run.steps), want, c.wantPolls(), run.trace())
}

// flSkippedSide finds a poll of the Join that left an unfinished side
// unpolled.
func flSkippedSide[B comparable](run *flRun[B]) string {
	for _, s := range run.steps {
		for _, side := range []string{"a", "b"} {
			if at, done := run.log.readyAt[side]; done && at < s.N {
				continue
			}
			if !flContains(run.log.polled[side], s.N) {
				return fmt.Sprintf("poll #%d did not poll %s, which had not finished: a Join polls every unfinished side on every poll, "+
					"so that both make progress at once. Polling b only once a is done is a sequence, a.await then b.await, not a join%s",
					s.N, side, run.trace())
			}
		}
	}
	return ""
}

// flReady says whether a Join of two sides that finish at different polls
// works at all, which the finer checks need first.
func flReady() bool { return flBasic(flJoin(flCase{1, 2, false})) == "" }

func TestReadyWithBothOutputsOnceBothAreDone(t *testing.T) {
	for _, c := range flCases {
		if p := flBasic(flJoin(c)); p != "" {
			t.Fatal(p)
		}
	}
}

// TestOutputsMayBeZeroOrOfTheSameType runs Joins of two ints, one of them
// 0: a zero value is an output like any other, and two outputs of one type
// are still two outputs.
func TestOutputsMayBeZeroOrOfTheSameType(t *testing.T) {
	if !flReady() {
		t.Skip("not checked yet: the Join must first be Ready with both outputs")
	}
	for _, out := range []join.Pair[int, int]{{A: 0, B: 8}, {A: 7, B: 0}} {
		for _, c := range flCases {
			if p := flBasic(flJoinOf(c, out.A, out.B)); p != "" {
				t.Fatalf("with NewJoin[int, int] of a side Ready(%d) and a side Ready(%d) (a zero value is an output like "+
					"any other, and two outputs of one type are still two): %s", out.A, out.B, p)
			}
		}
	}
}

func TestFinishedSideIsNeverPolledAgain(t *testing.T) {
	finished := false
	for _, c := range flCases {
		run := flJoin(c)
		finished = finished || len(run.log.readyAt) > 0
		if len(run.log.again) > 0 {
			t.Fatalf("%s: a finished future must never be polled again (it may panic, or start over); "+
				"the Join must remember which side is done and skip it%s", run.log.again[0], run.trace())
		}
	}
	if !finished {
		t.Skip("not checked yet: the Join must first poll its sides until one of them finishes")
	}
}

func TestPassesItsWakerToBothSides(t *testing.T) {
	if !flReady() {
		t.Skip("not checked yet: the Join must first be Ready with both outputs")
	}
	run := flJoin(flCase{1, 2, true})
	if p := flBasic(run); p != "" {
		t.Fatalf("with sides that keep the waker and wake it later, from outside the poll: %s", p)
	}
	for _, s := range run.steps {
		if s.Wakes > 0 {
			t.Fatalf("with sides that keep the waker and wake it later, from outside the poll: poll #%d woke the "+
				"waker %d× during the poll, although neither side did. A Join has nothing of its own to wait for: "+
				"it passes its cx to the sides, and their wakes are its wakes. Waking it yourself instead makes the "+
				"executor poll again at once, for nothing%s", s.N, s.Wakes, run.trace())
		}
	}
}

// TestEitherSideWakesTheJoin runs Joins in which one side waits for good
// and never wakes, while the other wakes later: its wake alone must bring
// the Join back.
func TestEitherSideWakesTheJoin(t *testing.T) {
	if !flReady() {
		t.Skip("not checked yet: the Join must first be Ready with both outputs")
	}
	for _, c := range []flCase{{flNever, 1, true}, {1, flNever, true}} {
		waking, waiting := "b", "a"
		if c.pb == flNever {
			waking, waiting = "a", "b"
		}
		run := flJoin(c)
		log := run.log
		switch {
		case log.twice != "" || len(log.again) > 0 || flStaleWake(run) != "":
			t.Fatal(flBasic(run))
		case flSkippedSide(run) != "":
			t.Fatal(flSkippedSide(run))
		}
		for i, s := range run.steps {
			_, done := log.readyAt[waking]
			switch {
			case s.Panicked:
				t.Fatalf("poll #%d panicked: %v%s", s.N, s.PanicText(), run.trace())
			case s.Result.IsReady():
				t.Fatalf("poll #%d returned %v while %s had not returned Ready: a Join is Ready only when both sides are%s",
					s.N, s.Result, waiting, run.trace())
			case !done && run.wakes[i] == 0:
				t.Fatalf("poll #%d returned Pending, then %s woke the waker it had been given, from another goroutine, and the "+
					"Join's task was not woken. Meanwhile %s waits for something that has not come and wakes nobody, so %s's wake is the "+
					"only one that can bring the Join back: it must reach the task, whatever the other side is doing. Poll each "+
					"unfinished side with the cx you were given, not with a waker that leads nowhere%s",
					s.N, waking, waiting, waking, run.trace())
			}
		}
		if _, done := log.readyAt[waking]; !done {
			t.Fatalf("%s never returned Ready, though it is Ready on its poll #2%s", waking, run.trace())
		}
	}
}

// TestWakesTheTaskThatPolledIt polls two Joins in turn, each in a task of
// its own: the wakes of a Join's sides must reach its own task.
func TestWakesTheTaskThatPolledIt(t *testing.T) {
	if !flReady() {
		t.Skip("not checked yet: the Join must first be Ready with both outputs")
	}
	c := flCase{1, 2, true}
	runs := []*flRun[string]{flStart(c, 7, "seven"), flStart(c, 7, "seven")}
	names := []string{"first", "second"}
	for i := 1; i <= flMaxPolls; i++ {
		for _, run := range runs {
			if len(run.steps) == 0 || !run.over() {
				run.poll()
			}
		}
		for k, run := range runs {
			if len(run.steps) < i {
				continue
			}
			other := runs[1-k]
			before := other.r.Wakes()
			run.wakeLate()
			stray := other.r.Wakes() - before
			if run.wakes[i-1] == 0 && stray > 0 {
				t.Fatalf("with two Joins, each in a task of its own, polled in turn: after poll #%d of each, the sides of the %s "+
					"Join woke the wakers they had been given, and its task was not woken, but the %s Join's task was, %d×. "+
					"A Join's sides must wake the task that polled that Join: pass on the cx of the poll in progress, not a "+
					"waker kept where every Join finds it, which belongs to whichever task was polled last.\nThe %s Join:%s",
					i, names[k], names[1-k], stray, names[k], run.trace())
			}
		}
		if runs[0].over() && runs[1].over() {
			break
		}
	}
	for k, run := range runs {
		if p := flBasic(run); p != "" {
			t.Fatalf("with two Joins, each in a task of its own, polled in turn, the %s Join: %s", names[k], p)
		}
	}
}

func TestPollsItsSidesWhereTheyLie(t *testing.T) {
	if !flReady() {
		t.Skip("not checked yet: the Join must first be Ready with both outputs")
	}
	run := flJoin(flCase{2, 1, false})
	for _, side := range []string{"a", "b"} {
		for i, at := range run.log.where[side] {
			if at < run.join || at >= run.join+run.size {
				t.Fatalf("poll #%d polled %s at %#x, outside the Join (%#x to %#x): the Join polls a copy of it "+
					"kept elsewhere (on the heap, behind a pointer or an interface), not the future in its field. "+
					"Then its size tells nothing about what it holds, which is the point: poll each side in place, "+
					"PA(&j.a), where it lies inside the Join%s", run.log.polled[side][i], side, at, run.join,
					run.join+run.size, run.trace())
			}
		}
	}
	for _, side := range []string{"a", "b"} {
		where := run.log.where[side]
		f, ok := run.typ.FieldByName(side)
		for i, at := range where {
			off := at - run.join
			switch {
			case at != where[0]:
				t.Fatalf("poll #%d polled %s at %#x, and poll #%d at %#x: it moved between polls. A future that has been "+
					"polled may hold pointers into itself (the pinned exercise comes back to that), so once polled it stays "+
					"where it lies: poll each side in place, PA(&j.a), every time%s", run.log.polled[side][0], side, where[0],
					run.log.polled[side][i], at, run.trace())
			case ok && (off < f.Offset || off >= f.Offset+f.Type.Size()):
				t.Fatalf("poll #%d polled %s at offset %d of the Join, in its field %s, not in its field %s (offset %d, %d bytes): "+
					"the Join moves %s out of the place it lies in to poll it there, and back. A future that has been polled "+
					"may hold pointers into itself (the pinned exercise comes back to that), so once polled it stays where "+
					"it lies: poll each side in place, PA(&j.%s), every time, and never copy it anywhere%s",
					run.log.polled[side][i], side, off, flFieldAt(run.typ, off), side, f.Offset, f.Type.Size(), side, side, run.trace())
			}
		}
	}
	t.Logf("both sides were polled in place, inside the Join's %d bytes", run.size)
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	for _, c := range []flCase{{0, 0, false}, {2, 0, false}, {0, 2, false}} {
		run := flJoin(c)
		if flBasic(run) != "" {
			t.Skip("not checked yet: the Join must first be Ready with both outputs")
		}
		ready := run.last().N
		s := run.poll()
		when := fmt.Sprintf("poll #%d, after the Join returned Ready on poll #%d (%s)", s.N, ready, c)
		switch {
		case len(run.log.again) > 0:
			t.Fatalf("%s, polled a side again; want the Join's own panic, saying it was polled after completion, before it touches either side", when)
		case !s.Panicked:
			t.Fatalf("%s, returned %v; want a panic saying the Join was polled after completion, whichever side finished last", when, s.Result)
		case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
			t.Fatalf("%s, panicked with %q; want a message saying the Join was polled after completion", when, fmt.Sprint(s.Panic))
		}
	}
}

// TestAddsNoThreadAndKeepsItsStateInItself reads the code: the lesson's
// Join makes progress on the one goroutine that polls it, and keeps what
// it remembers in its own fields.
func TestAddsNoThreadAndKeepsItsStateInItself(t *testing.T) {
	if uses := flGoroutines(); len(uses) > 0 {
		t.Fatalf("the Join starts a goroutine (%s): no thread is added. A Join makes progress inside its own polls, "+
			"polling its two sides in turns on the goroutine that polls it: that is what \"concurrent but not parallel\" "+
			"means. A side that said Pending has arranged its own wake-up with the cx, so a goroutine that polls or "+
			"wakes on the Join's behalf adds nothing but a thread, and wakes the task for polls that find nothing new",
			flList(uses))
	}
	if p := flGlobalStateProblem("join", "Keep what the Join remembers (whether each side is done, its output, whether "+
		"it has finished) in fields of the Join itself, and pass the sides the cx of the poll in progress."); p != "" {
		t.Fatal(p)
	}
}

// The two futures of known size whose Join is measured.
type flTimer struct {
	left int
}

func (f *flTimer) Poll(cx *core.Context) core.Poll[int] {
	if f.left > 0 {
		f.left--
		cx.Waker().Wake()
		return core.Pending[int]()
	}
	return core.Ready(1)
}

type flBuffered struct {
	buf  [64]byte
	left int
}

func (f *flBuffered) Poll(cx *core.Context) core.Poll[string] {
	if f.left > 0 {
		f.left--
		cx.Waker().Wake()
		return core.Pending[string]()
	}
	return core.Ready(string(f.buf[:2]))
}

func TestSizeIsTheSumOfItsParts(t *testing.T) {
	if !flReady() {
		t.Skip("not checked yet: the Join must first be Ready with both outputs")
	}
	typ := reflect.TypeFor[join.Join[int, string, flTimer, flBuffered, *flTimer, *flBuffered]]()
	size := typ.Size()
	fa, fb := unsafe.Sizeof(flTimer{}), unsafe.Sizeof(flBuffered{})
	oa, ob := unsafe.Sizeof(int(0)), unsafe.Sizeof("")
	parts := fa + fb
	limit := parts + oa + ob + 4*flWord
	where := fmt.Sprintf("on %s, where a word is %d bytes", runtime.GOARCH, flWord)
	name := "Join[int, string, flTimer, flBuffered, ...]"
	switch {
	case size < parts:
		t.Fatalf("%s is %d bytes, less than its two futures alone (%d + %d = %d bytes) %s: it does not hold them by value. "+
			"Keep a and b as FA and FB inside the Join, as Rust's join does, so that its size shows what it keeps.\nIts layout:%s",
			name, size, fa, fb, parts, where, flLayout(typ))
	case size > limit:
		t.Fatalf("%s is %d bytes %s: its futures are %d + %d bytes and their outputs %d + %d, so it keeps %d bytes more than "+
			"those and a few flags need.\nIts layout:%s", name, size, where, fa, fb, oa, ob, size-parts-oa-ob, flLayout(typ))
	}
	rest := fmt.Sprintf("their outputs %d + %d, and %d bytes of flags and padding", oa, ob, size-parts-oa-ob)
	switch {
	case size == parts:
		rest = "and not a byte more: whether each side is done, and what it returned, are kept somewhere else"
	case size < parts+oa+ob:
		rest = fmt.Sprintf("and %d bytes for the rest, less than the outputs %d + %d would take by value: it keeps "+
			"them, or some of them, behind a pointer", size-parts, oa, ob)
	}
	t.Logf("%s is %d bytes %s: its futures %d + %d, %s. Both futures are alive at once, so their sizes add up; "+
		"awaited one after the other, they could share memory and the largest would set the size.",
		name, size, where, fa, fb, rest)
}

func flContains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// flLayout draws a struct's fields with their offsets and sizes.
func flLayout(t reflect.Type) string {
	var b strings.Builder
	b.WriteString("\n    offset  size")
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Fprintf(&b, "\n    %6d  %4d  %s %s", f.Offset, f.Type.Size(), f.Name, strings.ReplaceAll(f.Type.String(), "join_test.", ""))
	}
	fmt.Fprintf(&b, "\n    %6d        in all", t.Size())
	return b.String()
}

// flFieldAt names the field of a struct that holds the byte at offset off.
func flFieldAt(t reflect.Type, off uintptr) string {
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); off >= f.Offset && off < f.Offset+f.Type.Size() {
			return f.Name
		}
	}
	return "(padding)"
}
