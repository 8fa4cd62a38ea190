package addslowly_test

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// flMaxPolls bounds every run: a correct AddSlowly needs three polls.
const flMaxPolls = 6

var flInputs = []struct{ a, b uint32 }{
	{3, 4}, {0, 0}, {1, 2}, {40, 2}, {7, 0}, {0, 9}, {2, 1},
	{100, 250}, {12345, 67890}, {65535, 65537}, {1 << 20, 3},
	{math.MaxUint32, 1}, {math.MaxUint32, math.MaxUint32}, {1 << 31, 1 << 31},
	{4_000_000_000, 500_000_000}, {math.MaxUint32 - 5, 5},
}

// flRun polls a new AddSlowly until it is Ready, panics, or has been polled
// max times, and returns the recorder holding every step.
func flRun(a, b uint32, max int) *core.Recorder[uint32] {
	r := core.NewRecorder[uint32](addslowly.NewAddSlowly(a, b))
	for i := 0; i < max; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r
}

// flShownTraces are the traces a failing check has shown already: a later
// check that fails on the same polls says so instead of repeating them.
var flShownTraces = map[string]bool{}

func flTrace(r *core.Recorder[uint32]) string {
	trace := strings.TrimRight(r.Trace(), "\n")
	if flShownTraces[trace] {
		return "\n(poll by poll: the same polls as shown above)"
	}
	flShownTraces[trace] = true
	var b strings.Builder
	b.WriteString("\npoll by poll:")
	for _, line := range strings.Split(trace, "\n") {
		b.WriteString("\n    " + line)
	}
	return b.String()
}

func flLast(r *core.Recorder[uint32]) core.Step[uint32] {
	steps := r.Steps()
	return steps[len(steps)-1]
}

// flLostNote nudges when the sum is one operand alone: what a state did not
// keep is lost for good once the poll that had it returns.
func flLostNote(a, b, got uint32) string {
	switch {
	case got == b && a != 0:
		return ": that is b alone, so x, what the YieldOnce of a was Ready with, was lost on the way. " +
			"Nothing runs between polls: x exists only if the state after the first Ready keeps it (YieldingB holds x)"
	case got == a && b != 0:
		return ": that is a alone, so y, what the YieldOnce of b was Ready with, never made it into the sum"
	}
	return ""
}

func flWrapNote(a, b uint32) string {
	if uint64(a)+uint64(b) > math.MaxUint32 {
		return " (uint32 addition wraps around past 4294967295)"
	}
	return ""
}

func TestReturnsTheSumForManyInputs(t *testing.T) {
	wrong := 0
	for _, in := range flInputs {
		want := in.a + in.b
		r := flRun(in.a, in.b, flMaxPolls)
		last := flLast(r)
		// The first wrong input shows its trace; the others would repeat it.
		trace := func() string {
			if wrong == 0 {
				return flTrace(r)
			}
			return ""
		}
		switch {
		case last.Panicked:
			t.Errorf("NewAddSlowly(%d, %d): poll #%d panicked: %v%s", in.a, in.b, last.N, last.PanicText(), trace())
		case last.Result.IsPending():
			t.Errorf("NewAddSlowly(%d, %d) was still Pending after %d polls; it should return Ready(%d) on poll #3%s",
				in.a, in.b, last.N, want, trace())
		case last.Result.Unwrap() != want:
			t.Errorf("NewAddSlowly(%d, %d) returned %v; want Ready(%d)%s%s",
				in.a, in.b, last.Result, want, flWrapNote(in.a, in.b), flLostNote(in.a, in.b, last.Result.Unwrap()))
		default:
			continue
		}
		if wrong++; wrong == 3 {
			t.Errorf("(stopped after three wrong inputs)")
			return
		}
	}
}

// flOwnPending polls a new AddSlowly(a, b) and returns the first step that
// returned Pending while the YieldOnce it holds had not been polled: a
// Pending of its own instead of the sub-future's. Its N is 0 when every
// Pending came from a polled YieldOnce.
func flOwnPending(a, b uint32) core.Step[uint32] {
	f := addslowly.NewAddSlowly(a, b)
	r := core.NewRecorder[uint32](f)
	for i := 0; i < 3; i++ {
		s := r.Step()
		if s.Panicked || s.Result.IsReady() {
			break
		}
		var live []flSub
		flFindSubs(reflect.ValueOf(f), map[uintptr]bool{}, func(v reflect.Value) {
			if sub := flInspect(v); !sub.done {
				live = append(live, sub)
			}
		})
		if len(live) == 1 && !live[0].polled {
			return s
		}
	}
	return core.Step[uint32]{}
}

// flOwnPendingMessage explains a Pending that did not come from the
// sub-future, or says nothing. The first check to say it says it in full;
// the others point to it.
func flOwnPendingMessage(a, b uint32, r *core.Recorder[uint32]) string {
	s := flOwnPending(a, b)
	if s.N == 0 {
		return ""
	}
	which := []string{"the YieldOnce of a", "the YieldOnce of b", "the YieldOnce"}[min(s.N, 3)-1]
	if flOwnPendingSaid {
		return fmt.Sprintf("NewAddSlowly(%d, %d): poll #%d returned a Pending of its own, without polling %s it had "+
			"just created (see above)%s", a, b, s.N, which, flTrace(r))
	}
	flOwnPendingSaid = true
	tail := "a wake of your own asks for a poll that finds the sub-future not even started, which costs an extra poll"
	if s.Wakes == 0 {
		tail = "without that, nothing wakes the waker, and nothing would ever poll this future again"
	}
	return fmt.Sprintf("NewAddSlowly(%d, %d): poll #%d created %s and returned Pending without polling it, a Pending "+
		"of its own. Poll a new sub-future at once, in the same poll, and return its Pending: that poll is what starts "+
		"the work, and the sub-future's own wake is what asks for the next poll; %s%s", a, b, s.N, which, tail, flTrace(r))
}

// flOwnPendingSaid is set once a check has explained a Pending of its own.
var flOwnPendingSaid bool

func TestPendingPendingReadyInThreePolls(t *testing.T) {
	why := []string{
		"the first poll creates the YieldOnce for a and polls it, and a YieldOnce is always Pending on its first poll",
		"the YieldOnce for a is Ready now, so AddSlowly creates the YieldOnce for b and polls it, and that one is Pending",
		"the YieldOnce for b is Ready on its second poll, so the sum is known",
	}
	for _, in := range flInputs[:4] {
		want := in.a + in.b
		r := flRun(in.a, in.b, flMaxPolls)
		if len(r.Steps()) != 3 || !flLast(r).Result.IsReady() {
			if msg := flOwnPendingMessage(in.a, in.b, r); msg != "" {
				t.Fatal(msg)
			}
		}
		for i, s := range r.Steps() {
			wantRes := "Pending"
			if i == 2 {
				wantRes = fmt.Sprintf("Ready(%d)", want)
			}
			switch {
			case i >= 3:
				t.Fatalf("NewAddSlowly(%d, %d) needed more than three polls; want Pending, Pending, Ready(%d)%s",
					in.a, in.b, want, flTrace(r))
			case s.Panicked:
				t.Fatalf("NewAddSlowly(%d, %d): poll #%d panicked: %v; want %s%s", in.a, in.b, s.N, s.PanicText(), wantRes, flTrace(r))
			case i < 2 && s.Result.IsReady():
				t.Fatalf("NewAddSlowly(%d, %d): poll #%d returned %v; want Pending: %s%s",
					in.a, in.b, s.N, s.Result, why[i], flTrace(r))
			case i == 2 && s.Result.IsPending():
				t.Fatalf("NewAddSlowly(%d, %d): poll #3 returned Pending; want Ready(%d): %s%s",
					in.a, in.b, want, why[i], flTrace(r))
			}
		}
		if n := len(r.Steps()); n < 3 {
			t.Fatalf("NewAddSlowly(%d, %d) finished after %d poll(s); want Pending, Pending, Ready(%d), one poll per .await plus the last%s",
				in.a, in.b, n, want, flTrace(r))
		}
	}
}

func TestStatesGoStartYieldingAYieldingBDone(t *testing.T) {
	want := []struct{ before, after, why string }{
		{"Start", "YieldingA", "the first poll leaves Start for YieldingA, which holds b and the YieldOnce of a"},
		{"YieldingA", "YieldingB", "the second poll gets x from the YieldOnce of a and moves to YieldingB, which holds x and the YieldOnce of b"},
		{"YieldingB", "Done", "the third poll gets y from the YieldOnce of b, moves to Done and returns x + y"},
	}
	r := flRun(3, 4, flMaxPolls)
	steps := r.Steps()
	if steps[0].Before == "" && steps[0].After == "" {
		t.Fatalf("AddSlowly has no String method, so its states cannot be seen; write one that names the current state: Start, YieldingA, YieldingB or Done")
	}
	for i, w := range want {
		if i < len(steps) && (steps[i].Before != w.before || steps[i].After != w.after) {
			if msg := flOwnPendingMessage(3, 4, r); msg != "" {
				t.Fatal(msg)
			}
		}
		if i >= len(steps) {
			t.Fatalf("NewAddSlowly(3, 4) stopped after %d poll(s), so it never went %s → %s; want three polls going Start → YieldingA → YieldingB → Done%s",
				len(steps), w.before, w.after, flTrace(r))
		}
		s := steps[i]
		if s.Before != w.before || s.After != w.after {
			t.Fatalf("poll #%d went %s → %s; want %s → %s: %s%s",
				s.N, s.Before, s.After, w.before, w.after, w.why, flTrace(r))
		}
	}
}

func TestEachPendingWakesTheWakerOnce(t *testing.T) {
	r := core.NewRecorder[uint32](addslowly.NewAddSlowly(3, 4))
	for range flMaxPolls {
		s := r.Step()
		if s.Panicked || s.Result.IsReady() {
			break
		}
		switch {
		case s.Wakes == 0 && flWokeLate(r, s):
			t.Fatalf("poll #%d returned Pending without waking the waker during the poll; the waker was called only "+
				"afterwards, from elsewhere (another goroutine?). An executor would poll again then, so the wake is not lost, "+
				"but nothing in AddSlowly runs elsewhere: return Pending only when a sub-future you polled with the cx you were "+
				"given returned it, and that sub-future has already woken the waker%s", s.N, flTrace(r))
		case s.Wakes == 0:
			t.Fatalf("poll #%d returned Pending without waking the waker, so an executor would never poll again. "+
				"Poll the sub-future with the cx you were given and return its Pending: the YieldOnce has already woken the waker%s",
				s.N, flTrace(r))
		case s.Wakes > 1:
			t.Fatalf("poll #%d woke the waker %d times; want once: the YieldOnce wakes it itself, so AddSlowly has nothing to add%s",
				s.N, s.Wakes, flTrace(r))
		}
	}
	if r.LateWakes > 0 {
		t.Fatalf("the waker was called %d time(s) between polls; every wake should happen during the poll that returns Pending%s",
			r.LateWakes, flTrace(r))
	}
}

func TestReadyDoesNotWake(t *testing.T) {
	r := flRun(3, 4, flMaxPolls)
	last := flLast(r)
	if !last.Result.IsReady() {
		t.Fatalf("NewAddSlowly(3, 4) never returned Ready within %d polls, so its last poll could not be checked%s",
			flMaxPolls, flTrace(r))
	}
	if last.Wakes > 0 {
		t.Fatalf("poll #%d returned %v and also woke the waker %d time(s); a finished future must not ask to be polled again%s",
			last.N, last.Result, last.Wakes, flTrace(r))
	}
}

func TestPanicsWhenPolledAfterCompletion(t *testing.T) {
	f := addslowly.NewAddSlowly(3, 4)
	r := core.NewRecorder[uint32](f)
	for i := 0; i < flMaxPolls; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			break
		}
	}
	if last := flLast(r); !last.Result.IsReady() {
		t.Fatalf("NewAddSlowly(3, 4) never returned Ready within %d polls, so polling it after completion could not be tried%s",
			flMaxPolls, flTrace(r))
	}
	// A finished YieldOnce still held would panic on its own; swap it for a
	// fresh one, so that only AddSlowly's own panic counts.
	flFindSubs(reflect.ValueOf(f), map[uintptr]bool{}, func(v reflect.Value) { flReplace(v, 0, false) })
	s := r.Step()
	switch {
	case !s.Panicked:
		t.Fatalf("poll #%d, after Ready, returned %v; want a panic saying it was polled after completion "+
			"(Done is the state that catches it)%s", s.N, s.Result, flTrace(r))
	case !strings.Contains(strings.ToLower(fmt.Sprint(s.Panic)), "polled after completion"):
		t.Fatalf("poll #%d, after Ready, panicked with %q; want AddSlowly's own panic, with a message saying it was polled after completion "+
			"(is it in Done once it has returned Ready?)%s", s.N, fmt.Sprint(s.Panic), flTrace(r))
	}
}

func TestRunsToTheSumUnderPollToCompletion(t *testing.T) {
	for _, in := range []struct{ a, b uint32 }{{3, 4}, {math.MaxUint32, 2}, {1000, 24}} {
		got, err, panicked := flPollToCompletion(in.a, in.b)
		if panicked != nil {
			t.Fatalf("PollToCompletion(NewAddSlowly(%d, %d)) panicked: %v", in.a, in.b, panicked)
		}
		if err != nil {
			t.Fatalf("PollToCompletion(NewAddSlowly(%d, %d)) failed: %v", in.a, in.b, err)
		}
		if want := in.a + in.b; got != want {
			t.Fatalf("PollToCompletion(NewAddSlowly(%d, %d)) returned %d; want %d%s", in.a, in.b, got, want, flWrapNote(in.a, in.b))
		}
	}
}

func flPollToCompletion(a, b uint32) (v uint32, err error, panicked any) {
	defer func() { panicked = recover() }()
	v, err = core.PollToCompletionWith[uint32](addslowly.NewAddSlowly(a, b),
		core.Options{MaxPolls: flMaxPolls, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("add_slowly"); problem != "" {
		t.Fatal(problem)
	}
	if p := flGlobalStateProblem("add_slowly", "Keep x, b and the YieldOnce in the states of the AddSlowly itself, where each poll finds them."); p != "" {
		t.Fatal(p)
	}
}

// flYieldOnceType is the type of the sub-futures AddSlowly awaits: the
// learner's own YieldOnce from the yield_once exercise.
var flYieldOnceType = reflect.TypeFor[yieldonce.YieldOnce[uint32]]()

// flSub is one YieldOnce found inside the future, where the checks can read
// and replace it.
type flSub struct {
	at     reflect.Value // addressable, writable
	polled bool          // its first poll has happened
	value  uint32        // what it would be Ready with
	done   bool          // it has already returned Ready
}

// flFindSubs walks everything reachable from v and calls visit with every
// YieldOnce[uint32] in it, addressable and writable, then writes back any
// value it had to copy out of an interface.
func flFindSubs(v reflect.Value, seen map[uintptr]bool, visit func(reflect.Value)) {
	if !v.IsValid() {
		return
	}
	if v.CanAddr() && !v.CanSet() {
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	if v.Type() == flYieldOnceType {
		if v.CanAddr() {
			visit(v)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		flFindSubs(v.Elem(), seen, visit)
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer {
			flFindSubs(e, seen, visit)
			return
		}
		c := reflect.New(e.Type()).Elem()
		c.Set(e)
		flFindSubs(c, seen, visit)
		if v.CanSet() {
			v.Set(c)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			flFindSubs(v.Field(i), seen, visit)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			flFindSubs(v.Index(i), seen, visit)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			flFindSubs(v.Index(i), seen, visit)
		}
	}
}

// flHoldsFunc reports whether a func value is reachable from v.
func flHoldsFunc(v reflect.Value, seen map[uintptr]bool) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Func:
		return !v.IsNil()
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return false
		}
		seen[v.Pointer()] = true
		return flHoldsFunc(v.Elem(), seen)
	case reflect.Interface:
		return !v.IsNil() && flHoldsFunc(v.Elem(), seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if flHoldsFunc(v.Field(i), seen) {
				return true
			}
		}
	}
	return false
}

// flInspect polls a copy of the YieldOnce at v, leaving v alone, to learn
// whether it has been polled and what it would be Ready with.
func flInspect(v reflect.Value) (s flSub) {
	s.at = v
	defer func() {
		if recover() != nil {
			s.done = true
		}
	}()
	cp := reflect.New(flYieldOnceType)
	cp.Elem().Set(v)
	fut := cp.Interface().(core.Future[uint32])
	cx := core.NewContext(core.NoopWaker())
	p := fut.Poll(cx)
	if p.IsReady() {
		s.polled, s.value = true, p.Unwrap()
		return s
	}
	s.value = fut.Poll(cx).Unwrap()
	return s
}

// flReplace puts a YieldOnce of value in v's place, polled once if the one
// it replaces had been.
func flReplace(v reflect.Value, value uint32, polled bool) {
	fresh := yieldonce.NewYieldOnce(value)
	if polled {
		fresh.Poll(core.NewContext(core.NoopWaker()))
	}
	v.Set(reflect.ValueOf(fresh).Elem())
}

func TestTheSumComesFromTheYieldOnces(t *testing.T) {
	const a, b uint32 = 1234, 5678
	const mask uint32 = 0x10101 // every YieldOnce the checks find is swapped for one of value ^ mask
	f := addslowly.NewAddSlowly(a, b)
	r := core.NewRecorder[uint32](f)
	swapped := map[uintptr]uint32{} // where the checks put a YieldOnce, and its value
	want := []uint32{a, b}
	var found []uint32
	for i := 0; i < 3; i++ {
		s := r.Step()
		if s.Panicked || s.Result.IsReady() {
			break
		}
		var subs []flSub
		flFindSubs(reflect.ValueOf(f), map[uintptr]bool{}, func(v reflect.Value) {
			sub := flInspect(v)
			if put, ok := swapped[v.UnsafeAddr()]; !ok || sub.value != put {
				subs = append(subs, sub)
			}
		})
		var live []flSub
		for _, sub := range subs {
			if !sub.done {
				live = append(live, sub)
			}
		}
		switch {
		case len(live) == 0 && flHoldsFunc(reflect.ValueOf(f), map[uintptr]bool{}):
			t.Fatalf("after poll #%d NewAddSlowly(%d, %d) keeps its state inside a func value (a closure), where nobody "+
				"can see what each state holds. This exercise is about designing the states: declare them as types "+
				"whose fields say what each one keeps (a struct per state, or one struct with a tag), so that the "+
				"checks, and a reader, can see that YieldingA holds b and the YieldOnce of a, and nothing else%s", s.N, a, b, flTrace(r))
		case len(live) == 0:
			t.Fatalf("after poll #%d, which returned Pending, NewAddSlowly(%d, %d) holds no YieldOnce that is still waiting. "+
				"A Pending AddSlowly is stopped at one of its .awaits, so its state holds the YieldOnce it awaits "+
				"(of a after poll #1, of b after poll #2), created from your yield_once package and already polled once%s",
				s.N, a, b, flTrace(r))
		case len(live) > 1:
			t.Fatalf("after poll #%d NewAddSlowly(%d, %d) holds %d YieldOnces that are still waiting; want one: "+
				"the future is stopped at one .await, so it awaits one sub-future at a time, and creates the YieldOnce "+
				"for b only once the one for a is Ready%s", s.N, a, b, len(live), flTrace(r))
		}
		sub := live[0]
		switch {
		case sub.value != want[i]:
			t.Fatalf("after poll #%d NewAddSlowly(%d, %d) awaits a YieldOnce of %d; want one of %d, %s%s",
				s.N, a, b, sub.value, want[i], []string{"made from a in Start", "made from b once x is known"}[i], flTrace(r))
		case !sub.polled:
			t.Fatalf("after poll #%d NewAddSlowly(%d, %d) holds the YieldOnce of %d, but returned Pending without polling it. "+
				"Poll a new sub-future at once, in the same poll: it is its Pending that wakes the waker, and until it has "+
				"been polled nothing is under way%s", s.N, a, b, sub.value, flTrace(r))
		}
		found = append(found, sub.value)
		flReplace(sub.at, sub.value^mask, sub.polled)
		swapped[sub.at.UnsafeAddr()] = sub.value ^ mask
	}
	last := flLast(r)
	if last.Panicked || !last.Result.IsReady() || len(found) < 2 {
		return // the other checks say what went wrong
	}
	if got, wantSum := last.Result.Unwrap(), (a^mask)+(b^mask); got != wantSum {
		t.Fatalf("the sum did not come from the YieldOnces: the checks swapped the YieldOnce of %d for one of %d, "+
			"and the one of %d for one of %d, so x + y should be %d, but NewAddSlowly(%d, %d) returned %v. "+
			"x is whatever the first YieldOnce is Ready with, and y what the second one is Ready with: "+
			"carry x in the state from the first Ready to the end, and add y to it", a, a^mask, b, b^mask, wantSum, a, b, last.Result)
	}
}

// flHeld is an integer the future keeps outside the YieldOnce it awaits,
// with where it is kept.
type flHeld struct {
	path  string
	value uint64
}

// flWalk goes through everything reachable from v, except the inside of a
// YieldOnce, calling held for every integer field and adding up the bytes:
// v's own size is counted by the caller, each value reached through a
// pointer, an interface or a slice once. The YieldOnce's own size counts,
// its fields are its business.
func flWalk(v reflect.Value, path string, seen map[uintptr]bool, held func(flHeld)) (bytes uintptr) {
	if !v.IsValid() {
		return 0
	}
	if v.Type() == flYieldOnceType {
		return 0
	}
	switch v.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint, reflect.Uintptr:
		held(flHeld{path, v.Uint()})
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		held(flHeld{path, uint64(v.Int())})
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return 0
		}
		seen[v.Pointer()] = true
		return v.Type().Elem().Size() + flWalk(v.Elem(), "(*"+path+")", seen, held)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		p := path + ".(" + e.Type().String() + ")"
		if e.Kind() == reflect.Pointer {
			return flWalk(e, p, seen, held)
		}
		return e.Type().Size() + flWalk(e, p, seen, held)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			bytes += flWalk(v.Field(i), path+"."+v.Type().Field(i).Name, seen, held)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			bytes += flWalk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, held)
		}
	case reflect.Slice:
		if v.IsNil() || seen[v.Pointer()] {
			return 0
		}
		seen[v.Pointer()] = true
		bytes += uintptr(v.Cap()) * v.Type().Elem().Size()
		for i := 0; i < v.Len(); i++ {
			bytes += flWalk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, held)
		}
	case reflect.Map, reflect.Chan, reflect.Func:
		if !v.IsNil() {
			bytes += 48 // at least a runtime header; no state machine here needs one
		}
	case reflect.String:
		bytes += uintptr(v.Len())
	}
	return bytes
}

// flStateAfter describes what the future keeps after each poll: the
// integers outside the YieldOnce, and its footprint in bytes.
type flStateAfter struct {
	held  []flHeld
	bytes uintptr
	name  string
	parts string // where the bytes go, field by field
}

func flLook(f *addslowly.AddSlowly) flStateAfter {
	var s flStateAfter
	v := reflect.ValueOf(f)
	s.bytes = v.Type().Elem().Size() + flWalk(v.Elem(), "AddSlowly", map[uintptr]bool{v.Pointer(): true}, func(h flHeld) {
		s.held = append(s.held, h)
	})
	s.name = f.String()
	s.parts = flParts(v)
	return s
}

// flParts says where a future's bytes go: each field of the AddSlowly
// struct with what it reaches, largest first, as flWalk counts them.
func flParts(v reflect.Value) string {
	e := v.Elem()
	if e.Kind() != reflect.Struct {
		return ""
	}
	type part struct {
		name  string
		bytes uintptr
	}
	var parts []part
	seen := map[uintptr]bool{v.Pointer(): true}
	for i := 0; i < e.NumField(); i++ {
		fv := e.Field(i)
		parts = append(parts, part{e.Type().Field(i).Name, fv.Type().Size() + flWalk(fv, "", seen, func(flHeld) {})})
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].bytes > parts[j].bytes })
	var out []string
	for _, p := range parts {
		out = append(out, fmt.Sprintf("%s %d bytes", p.name, p.bytes))
	}
	return strings.Join(out, ", ")
}

func (s flStateAfter) where(value uint32) []string {
	var paths []string
	for _, h := range s.held {
		if h.value == uint64(value) {
			paths = append(paths, h.path)
		}
	}
	return paths
}

// The operands the state checks use: large and unlike each other, so that
// a field holding one of them cannot be a tag or a count.
const flStateA, flStateB = 0xA5A5A5A5, 0x5B5B5B5B

// flBudget is what a suspended AddSlowly may take: a word for a tag or an
// interface's type, two words to reach a state, the two uint32s of the
// widest state (Start's a and b), and one YieldOnce.
func flBudget() uintptr {
	const word = unsafe.Sizeof(uintptr(0))
	return 3*word + 8 + flYieldOnceType.Size()
}

func TestEachStateKeepsOnlyWhatIsStillNeeded(t *testing.T) {
	f := addslowly.NewAddSlowly(flStateA, flStateB)
	r := core.NewRecorder[uint32](f)
	for i := 0; i < 2; i++ {
		s := r.Step()
		if s.Panicked || s.Result.IsReady() {
			return // the other checks say what went wrong
		}
		st := flLook(f)
		as, bs := st.where(flStateA), st.where(flStateB)
		switch {
		case i == 0 && len(as) > 0:
			t.Fatalf("after poll #1 (%s) NewAddSlowly(%d, %d) still keeps a in %s. a was needed only to create the "+
				"YieldOnce of a, which holds it now; from the first .await on, nothing reads a again, so a field for it "+
				"is memory every suspended future carries for nothing. The lesson's YieldingA holds b and the "+
				"YieldOnce, not a: give each state only what the rest of the function still needs%s",
				st.name, uint32(flStateA), uint32(flStateB), strings.Join(as, " and "), flTrace(r))
		case i == 0 && len(bs) > 1:
			t.Fatalf("after poll #1 (%s) NewAddSlowly(%d, %d) keeps b %d times (%s); one copy is all the rest "+
				"of the function needs%s", st.name, uint32(flStateA), uint32(flStateB), len(bs), strings.Join(bs, ", "), flTrace(r))
		case i == 1 && len(bs) > 0:
			t.Fatalf("after poll #2 (%s) NewAddSlowly(%d, %d) still keeps b in %s, a second copy beside the one "+
				"inside the YieldOnce of b. Once that YieldOnce exists, b is its business: the lesson's YieldingB "+
				"holds x and the YieldOnce, nothing else. (rustc 1.95 does keep this copy, and the arguments, in every "+
				"state, which is why its add_slowly future is 32 bytes where the ideal would be 20: rust-lang/rust#62958)%s",
				st.name, uint32(flStateA), uint32(flStateB), strings.Join(bs, " and "), flTrace(r))
		case i == 1 && len(as) > 1:
			t.Fatalf("after poll #2 (%s) NewAddSlowly(%d, %d) keeps the value of a %d times (%s): x, which the "+
				"final addition needs, once is enough; a itself was consumed at the first .await%s",
				st.name, uint32(flStateA), uint32(flStateB), len(as), strings.Join(as, ", "), flTrace(r))
		}
	}
}

func TestTheFutureStaysWithinItsSizeBudget(t *testing.T) {
	f := addslowly.NewAddSlowly(flStateA, flStateB)
	r := core.NewRecorder[uint32](f)
	budget := flBudget()
	first := flLook(f)
	worst, worstName, worstParts := first.bytes, "before poll #1", first.parts
	for i := 0; i < 2; i++ {
		s := r.Step()
		if s.Panicked || s.Result.IsReady() {
			break
		}
		if st := flLook(f); st.bytes > worst {
			worst, worstName, worstParts = st.bytes, fmt.Sprintf("after poll #%d (%s)", s.N, st.name), st.parts
		}
	}
	if worst > budget {
		where := ""
		if worstParts != "" {
			where = ". Field by field, each with what it points to: " + worstParts
		}
		t.Fatalf("%s NewAddSlowly takes %d bytes: the AddSlowly struct and everything it points to, the YieldOnce "+
			"it awaits counted by its own size (%d bytes)%s. The budget is %d: a tag or an interface, a pointer to the "+
			"state, the two uint32s of the widest state (Start holds a and b) and one YieldOnce. A state machine is "+
			"small because each state holds only what is still needed and the states take turns; keeping every "+
			"field at once, a history, or a spare buffer is what a suspended future should not carry",
			worstName, worst, flYieldOnceType.Size(), where, budget)
	}
	t.Logf("the largest state takes %d bytes (budget %d); the lesson's ideal is the widest state plus a tag", worst, budget)
}

// flWokeLate reports whether the waker was called soon after step s, the
// last one so far, returned: a wake from another goroutine, which is late
// but not lost.
func flWokeLate[T any](r *core.Recorder[T], s core.Step[T]) bool {
	return s.N == len(r.Steps()) && r.WaitForLateWake(100*time.Millisecond)
}

// flLeaves lists every number, bool and string reachable from v, except the
// inside of a YieldOnce, by where it is kept: what a state holds, in
// whatever form.
func flLeaves(v reflect.Value, path string, seen map[uintptr]bool, out map[string]string) {
	if !v.IsValid() || v.Type() == flYieldOnceType {
		return
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		out[path] = fmt.Sprint(v)
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		flLeaves(v.Elem(), "(*"+path+")", seen, out)
	case reflect.Interface:
		if !v.IsNil() {
			flLeaves(v.Elem(), path+".("+v.Elem().Type().String()+")", seen, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			flLeaves(v.Field(i), path+"."+v.Type().Field(i).Name, seen, out)
		}
	case reflect.Array, reflect.Slice:
		if v.Kind() == reflect.Slice && (v.IsNil() || seen[v.Pointer()]) {
			return
		}
		if v.Kind() == reflect.Slice {
			seen[v.Pointer()] = true
		}
		for i := 0; i < v.Len(); i++ {
			flLeaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, out)
		}
	}
}

// flAfter polls a new AddSlowly(a, b) n times and returns what it keeps,
// or nil if a poll panicked or was Ready.
func flAfter(a, b uint32, n int) (map[string]string, *addslowly.AddSlowly) {
	f := addslowly.NewAddSlowly(a, b)
	r := core.NewRecorder[uint32](f)
	for range n {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			return nil, f
		}
	}
	v := reflect.ValueOf(f)
	out := map[string]string{}
	flLeaves(v.Elem(), "AddSlowly", map[uintptr]bool{v.Pointer(): true}, out)
	return out, f
}

// flDiffer lists the places whose contents differ between two runs, except
// those that hold exactly the values in allowed (one from each run).
func flDiffer(one, two map[string]string, allowed1, allowed2 string) []string {
	var paths []string
	for p, v := range one {
		if w, ok := two[p]; !ok || v != w {
			if ok && v == allowed1 && w == allowed2 {
				continue
			}
			paths = append(paths, fmt.Sprintf("%s (%s, then %s)", p, v, two[p]))
		}
	}
	for p, w := range two {
		if _, ok := one[p]; !ok {
			paths = append(paths, fmt.Sprintf("%s (absent, then %s)", p, w))
		}
	}
	sort.Strings(paths)
	return paths
}

func TestNoStateKeepsAnOperandInAnotherForm(t *testing.T) {
	const a, b = uint32(flStateA), uint32(flStateB)
	const a2, b2 = a ^ 0x00FF00FF, b ^ 0x00FF00FF
	one, f := flAfter(a, b, 1)
	two, _ := flAfter(a2, b, 1)
	if one == nil || two == nil {
		return // the other checks say what went wrong
	}
	if d := flDiffer(one, two, "", ""); len(d) > 0 {
		t.Fatalf("after poll #1 (%s) what NewAddSlowly keeps depends on a: NewAddSlowly(%d, %d) and NewAddSlowly(%d, %d) "+
			"differ in %s. a was needed only to create the YieldOnce of a, which holds it now; a negated, converted, "+
			"split or mixed copy of a is still a, and memory every suspended future carries for nothing. "+
			"The lesson's YieldingA holds b and the YieldOnce, nothing else", f, a, b, a2, b, strings.Join(d, ", "))
	}
	one, f = flAfter(a, b, 2)
	two, _ = flAfter(a, b2, 2)
	if one == nil || two == nil {
		return
	}
	if d := flDiffer(one, two, "", ""); len(d) > 0 {
		t.Fatalf("after poll #2 (%s) what NewAddSlowly keeps depends on b: NewAddSlowly(%d, %d) and NewAddSlowly(%d, %d) "+
			"differ in %s. Once the YieldOnce of b exists, b is its business, in any form: the lesson's YieldingB "+
			"holds x and the YieldOnce, nothing else", f, a, b, a, b2, strings.Join(d, ", "))
	}
	two, _ = flAfter(a2, b, 2)
	if two == nil {
		return
	}
	if d := flDiffer(one, two, fmt.Sprint(a), fmt.Sprint(a2)); len(d) > 0 {
		t.Fatalf("after poll #2 (%s) NewAddSlowly keeps a in some form besides x: NewAddSlowly(%d, %d) and "+
			"NewAddSlowly(%d, %d) differ in %s. x, what the YieldOnce of a was Ready with, is all the final addition "+
			"needs; keep it once, as it is", f, a, b, a2, b, strings.Join(d, ", "))
	}
}

// flSetHeld writes to every integer reachable from v, except inside a
// YieldOnce, that holds old, the value new, and returns how many it wrote.
func flSetHeld(v reflect.Value, old, new uint32, seen map[uintptr]bool) (n int) {
	if !v.IsValid() || v.Type() == flYieldOnceType {
		return 0
	}
	if v.CanAddr() && !v.CanSet() {
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	switch v.Kind() {
	case reflect.Uint, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Uint() == uint64(old) && v.CanSet() {
			v.SetUint(uint64(new))
			return 1
		}
	case reflect.Int, reflect.Int64:
		if v.Int() == int64(old) && v.CanSet() {
			v.SetInt(int64(new))
			return 1
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return 0
		}
		seen[v.Pointer()] = true
		return flSetHeld(v.Elem(), old, new, seen)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer {
			return flSetHeld(e, old, new, seen)
		}
		c := reflect.New(e.Type()).Elem()
		c.Set(e)
		if n = flSetHeld(c, old, new, seen); n > 0 && v.CanSet() {
			v.Set(c)
		}
		return n
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			n += flSetHeld(v.Field(i), old, new, seen)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			n += flSetHeld(v.Index(i), old, new, seen)
		}
	case reflect.Slice:
		if v.IsNil() || seen[v.Pointer()] {
			return 0
		}
		seen[v.Pointer()] = true
		for i := 0; i < v.Len(); i++ {
			n += flSetHeld(v.Index(i), old, new, seen)
		}
	}
	return n
}

func TestXIsKeptInTheFutureItself(t *testing.T) {
	const a, b = uint32(flStateA), uint32(flStateB)
	const mask uint32 = 0x01010101 // the checks change the x the future holds to x ^ mask
	f := addslowly.NewAddSlowly(a, b)
	r := core.NewRecorder[uint32](f)
	for range 2 {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			return // the other checks say what went wrong
		}
	}
	v := reflect.ValueOf(f)
	if flSetHeld(v.Elem(), a, a^mask, map[uintptr]bool{v.Pointer(): true}) == 0 {
		t.Fatalf("after poll #2 (%s) no field of NewAddSlowly(%d, %d) holds x (%d, what the YieldOnce of a was Ready "+
			"with), yet the final addition needs it: x is kept outside the future (in a package-level variable, a "+
			"channel, or a map reached some other way), where every AddSlowly shares it and nobody can see it as "+
			"this future's state. Keep x in YieldingB, beside the YieldOnce of b%s", f, a, b, a, flTrace(r))
	}
	s := r.Step()
	if s.Panicked || !s.Result.IsReady() {
		return
	}
	if got, want := s.Result.Unwrap(), (a^mask)+b; got != want {
		t.Fatalf("after poll #2 the checks changed the x that NewAddSlowly(%d, %d) holds from %d to %d, so x + y should "+
			"be %d, but poll #3 returned %v: the sum did not use the x kept in YieldingB. Add y to the x your state "+
			"holds, not to a copy kept elsewhere%s", a, b, a, a^mask, want, s.Result, flTrace(r))
	}
}

// TestPollsWithTheCxItIsGiven gives each poll a cx of its own, as an
// executor may: a Pending poll must wake the waker of its own cx, through
// the YieldOnce it awaits, never one kept from an earlier poll.
func TestPollsWithTheCxItIsGiven(t *testing.T) {
	f := addslowly.NewAddSlowly(3, 4)
	var wakers []*core.CountingWaker
	woke := 0 // Pending polls that woke their own waker
	for n := 1; n <= flMaxPolls; n++ {
		w := &core.CountingWaker{}
		wakers = append(wakers, w)
		before := make([]int, len(wakers))
		for i, o := range wakers {
			before[i] = o.Count()
		}
		p, panicked := func() (p core.Poll[uint32], panicked bool) {
			defer func() { panicked = recover() != nil }()
			return f.Poll(core.NewContext(w)), false
		}()
		if panicked || p.IsReady() {
			break // the other checks say what went wrong
		}
		for i, o := range wakers[:n-1] {
			if o.Count() > before[i] {
				t.Fatalf("the checks gave each poll of NewAddSlowly(3, 4) a cx of its own, and poll #%d, which "+
					"returned Pending, woke the waker of poll #%d's cx: AddSlowly polled a "+
					"YieldOnce with a cx kept from an earlier poll. An executor may hand each poll another cx (the "+
					"task moved to another thread, its waker replaced), and only the one of this poll reaches it: "+
					"what .await does is poll the sub-future with the cx it was given, so keep no cx in a state", n, i+1)
			}
		}
		if w.Count() == 0 {
			break // TestEachPendingWakesTheWakerOnce says why
		}
		woke++
	}
	if woke == 0 {
		t.Skip("not checked yet: NewAddSlowly(3, 4) must first return Pending and wake the waker of its poll")
	}
}
