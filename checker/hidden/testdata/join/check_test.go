package join_test

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
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
		if s.late {
			l.wakers = append(l.wakers, cx.Waker())
		} else {
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

// flCase is one way the two sides can finish: a after pa Pendings, b after pb.
type flCase struct {
	pa, pb int
	late   bool
}

func (c flCase) String() string {
	return fmt.Sprintf("a Ready on its poll #%d, b on its poll #%d", c.pa+1, c.pb+1)
}

// flWantPolls is how many polls a correct Join needs.
func (c flCase) wantPolls() int { return max(c.pa, c.pb) + 1 }

type flRun struct {
	c     flCase
	join  uintptr // where the Join lies, and its size
	size  uintptr
	log   *flLog
	steps []core.Step[join.Pair[int, string]]
	wakes []int // wakes per poll, late ones included
}

// flJoin polls NewJoin(a, b) until it is Ready, panics, returns Pending
// with no wake, or has been polled flMaxPolls times. Sides that wake late
// are woken between the polls.
func flJoin(c flCase) *flRun {
	log := flNewLog()
	a := flSide[int]{name: "a", pendings: c.pa, value: 7, late: c.late, log: log}
	b := flSide[string]{name: "b", pendings: c.pb, value: "seven", late: c.late, log: log}
	j := join.NewJoin[int, string](a, b)
	r := core.NewRecorder[join.Pair[int, string]](j)
	run := &flRun{c: c, log: log, join: uintptr(unsafe.Pointer(j)), size: unsafe.Sizeof(*j)}
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
	return run
}

// trace shows the run poll by poll, with what each side was asked.
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
		if run.wakes[i] > 0 {
			w = fmt.Sprintf(", woke %d×", run.wakes[i])
		}
		fmt.Fprintf(&b, "\n    poll #%d: %s → Join %s%s", s.N, sides, res, w)
	}
	return b.String()
}

func (run *flRun) last() core.Step[join.Pair[int, string]] { return run.steps[len(run.steps)-1] }

var flCases = []flCase{{1, 3, false}, {3, 1, false}, {2, 2, false}, {0, 2, false}, {2, 0, false}, {0, 0, false}, {1, 2, true}}

var flWant = join.Pair[int, string]{A: 7, B: "seven"}

// flBasic is the first problem of the common runs: polling a finished
// side, a panic, Ready too early or with a wrong pair, never Ready.
func flBasic(run *flRun) string {
	c, log, last := run.c, run.log, run.last()
	if log.twice != "" {
		return fmt.Sprintf("%s: a Join polls each unfinished side once per poll of its own. A side that said "+
			"Pending has arranged its wake-up; polling it again at once asks a question it has just answered, a "+
			"busy loop inside the poll%s", log.twice, run.trace())
	}
	if len(log.again) > 0 {
		return fmt.Sprintf("%s: a finished future must never be polled again; remember that it is done and skip it%s", log.again[0], run.trace())
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
		if got.A != flWant.A {
			return fmt.Sprintf("poll #%d returned %v; want Ready(%+v): a returned Ready(7) on poll #%d, and the Join must keep that 7 "+
				"until b is done too (a finished side is not polled again, so its output exists only where the Join kept it)%s",
				s.N, s.Result, flWant, log.readyAt["a"], run.trace())
		}
		if got.B != flWant.B {
			return fmt.Sprintf("poll #%d returned %v; want Ready(%+v): b returned Ready(\"seven\") on poll #%d, and the Join must keep it "+
				"until a is done too%s", s.N, s.Result, flWant, log.readyAt["b"], run.trace())
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
	return fmt.Sprintf("the Join was still Pending after %d polls; want Ready(%+v) on poll #%d%s", len(run.steps), flWant, c.wantPolls(), run.trace())
}

// flSkippedSide finds a poll of the Join that left an unfinished side
// unpolled.
func flSkippedSide(run *flRun) string {
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

func TestReadyWithBothOutputsOnceBothAreDone(t *testing.T) {
	for _, c := range flCases {
		if p := flBasic(flJoin(c)); p != "" {
			t.Fatal(p)
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
	if flBasic(flJoin(flCase{1, 2, false})) != "" {
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

func TestPollsItsSidesWhereTheyLie(t *testing.T) {
	if flBasic(flJoin(flCase{1, 2, false})) != "" {
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
	t.Logf("both sides were polled in place, inside the Join's %d bytes", run.size)
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	log := flNewLog()
	j := join.NewJoin[int, string](flSide[int]{name: "a", value: 7, log: log}, flSide[string]{name: "b", value: "seven", log: log})
	r := core.NewRecorder[join.Pair[int, string]](j)
	log.poll = 1
	if s := r.Step(); s.Panicked || !s.Result.IsReady() {
		t.Skip("not checked yet: a Join of two sides that are Ready at once must be Ready on its first poll")
	}
	log.poll = 2
	s := r.Step()
	switch {
	case len(log.again) > 0:
		t.Fatalf("poll #2, after Ready, polled a side again; want the Join's own panic, saying it was polled after completion, before it touches either side")
	case !s.Panicked:
		t.Fatalf("poll #2, after Ready, returned %v; want a panic saying the Join was polled after completion", s.Result)
	case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
		t.Fatalf("poll #2, after Ready, panicked with %q; want a message saying the Join was polled after completion", fmt.Sprint(s.Panic))
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
	if flBasic(flJoin(flCase{1, 2, false})) != "" {
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
	t.Logf("%s is %d bytes %s: its futures %d + %d, their outputs %d + %d, and %d bytes of flags and padding. "+
		"Both futures are alive at once, so their sizes add up; awaited one after the other, they could share memory "+
		"and the largest would set the size.", name, size, where, fa, fb, oa, ob, size-parts-oa-ob)
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
