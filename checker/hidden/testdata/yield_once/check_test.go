package yieldonce_test

import (
	"fmt"
	"go/ast"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// flInts are the values most checks use. 7 comes first so that a future
// that hands back the zero value is caught at once.
var flInts = []int{7, -12, 1 << 30, 0}

// flPayload is a struct type to check that YieldOnce works for any T.
type flPayload struct {
	Name string
	N    int
}

// flNew calls NewYieldOnce and turns a panic or a nil result into a message.
func flNew[T any](v T) (y *yieldonce.YieldOnce[T], problem string) {
	defer func() {
		if p := recover(); p != nil {
			y, problem = nil, fmt.Sprintf("NewYieldOnce(%s) panicked: %v", flShow(v), p)
		}
	}()
	y = yieldonce.NewYieldOnce(v)
	if y == nil {
		return nil, fmt.Sprintf("NewYieldOnce(%s) returned nil: it must return a *YieldOnce that can be polled", flShow(v))
	}
	return y, ""
}

// flShow formats a value the way core's traces do, e.g. 7 or "hello".
func flShow[T any](v T) string {
	s := core.Ready(v).String()
	return strings.TrimSuffix(strings.TrimPrefix(s, "Ready("), ")")
}

// flTrace indents a recorder's trace below a message.
func flTrace[T any](r *core.Recorder[T]) string {
	tr := strings.TrimRight(r.Trace(), "\n")
	if tr == "" {
		return ""
	}
	if flShownTraces[tr] {
		return "\n    (the same polls as shown above)"
	}
	flShownTraces[tr] = true
	return "\n    " + strings.ReplaceAll(tr, "\n", "\n    ")
}

// flShownTraces are the traces a failing check has shown already: a later
// check that fails on the same polls says so instead of repeating them.
var flShownTraces = map[string]bool{}

// flPoll polls a new YieldOnce of v up to n times, stopping early after a
// panic or a Ready. It never polls a finished YieldOnce.
func flPoll[T any](v T, n int) (*core.Recorder[T], []core.Step[T], string) {
	y, problem := flNew(v)
	if problem != "" {
		return nil, nil, problem
	}
	r := core.NewRecorder[T](y)
	var steps []core.Step[T]
	for i := 0; i < n; i++ {
		s := r.Step()
		steps = append(steps, s)
		if s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r, steps, ""
}

// flProblems checks a whole run of a YieldOnce made with want: Pending with
// one wake, then Ready(want) with no wake. It returns the first thing that is
// wrong, with the trace, or "" when the run is right. same compares values.
func flProblems[T any](want T, same func(got, want T) string) string {
	r, steps, problem := flPoll(want, 2)
	if problem != "" {
		return problem
	}
	for _, s := range steps {
		if p := flStepProblem(s, want, same); p != "" {
			return p + flTrace(r)
		}
	}
	return ""
}

// flStepProblem says what is wrong with one step of a YieldOnce made with
// want, or "".
func flStepProblem[T any](s core.Step[T], want T, same func(got, want T) string) string {
	if s.Panicked {
		return fmt.Sprintf("poll #%d panicked: %v", s.N, s.PanicText())
	}
	switch s.N {
	case 1:
		if s.Result.IsReady() {
			return fmt.Sprintf("poll #1 returned %v: a YieldOnce must be Pending on its first poll", s.Result)
		}
		return flWakeProblem(s)
	case 2:
		if s.Result.IsPending() {
			return "poll #2 returned Pending: a YieldOnce must be Ready on its second poll, since it has already yielded once " +
				flWhyNoProgress()
		}
		got, _ := s.Result.Value()
		if msg := same(got, want); msg != "" {
			return fmt.Sprintf("poll #2 returned %v, want %v: %s", s.Result, core.Ready(want), msg)
		}
		if s.Wakes > 0 {
			return fmt.Sprintf("poll #2 returned %v but also woke the waker %d×: a future that is Ready is finished "+
				"and must not ask to be polled again", s.Result, s.Wakes)
		}
	}
	return ""
}

// flWhyNoProgress guesses why a second poll made no progress. A value
// receiver is the classic cause: Poll then changes a copy of the future.
func flWhyNoProgress() string {
	if _, ok := reflect.TypeFor[yieldonce.YieldOnce[int]]().MethodByName("Poll"); ok {
		return "(Poll has a value receiver, func (y YieldOnce[T]) Poll, so each poll works on a copy and what it " +
			"records is lost; give it a pointer receiver, func (y *YieldOnce[T]) Poll)"
	}
	return "(does Poll record, in a field, that it has yielded?)"
}

// flPolls says "1 poll" or "n polls".
func flPolls(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

// flWakeProblem checks the wakes of a first poll that returned Pending.
func flWakeProblem[T any](s core.Step[T]) string {
	switch {
	case s.Wakes == 0:
		return "poll #1 returned Pending without waking the waker: nobody would ever poll this future again " +
			"(call cx.Waker().Wake() during the poll, before returning Pending)"
	case s.Wakes > 1:
		return fmt.Sprintf("poll #1 woke the waker %d×: a YieldOnce asks for exactly one more poll, so it wakes once", s.Wakes)
	}
	return ""
}

// flEqual compares comparable values.
func flEqual[T comparable](got, want T) string {
	if got != want {
		return "the second poll must hand back the value given to NewYieldOnce"
	}
	return ""
}

// flSamePointer wants the very pointer given to NewYieldOnce.
func flSamePointer(got, want *flPayload) string {
	if got != want {
		return fmt.Sprintf("it is a different pointer (%p) from the one given to NewYieldOnce (%p); "+
			"hand back the value itself, not a copy", got, want)
	}
	return ""
}

// flIntsProblem says what goes wrong with ints, or "": the checks for
// other types wait until ints work, and say what they are waiting for.
func flIntsProblem() string {
	for _, v := range flInts {
		if p := flProblems(v, flEqual[int]); p != "" {
			return fmt.Sprintf("not checked yet: YieldOnce must first be right for ints, and NewYieldOnce(%d) is not yet "+
				"(the failing checks say why)", v)
		}
	}
	return ""
}

func TestFirstPollIsPending(t *testing.T) {
	for i, v := range flInts {
		r, steps, problem := flPoll(v, 1)
		if problem != "" {
			t.Fatal(problem)
		}
		s := steps[0]
		if s.Panicked {
			t.Fatalf("NewYieldOnce(%d): poll #1 panicked: %v", v, s.PanicText())
		}
		if s.Result.IsReady() {
			note := ""
			if i > 0 {
				note = " (this YieldOnce is new, but others were polled before it: do they share some state?)"
			}
			t.Fatalf("NewYieldOnce(%d): poll #1 returned %v: a YieldOnce must be Pending on its first poll%s%s",
				v, s.Result, note, flTrace(r))
		}
	}
}

func TestFirstPollWakesTheWakerOnce(t *testing.T) {
	for _, v := range flInts {
		r, steps, problem := flPoll(v, 1)
		if problem != "" || steps[0].Panicked || steps[0].Result.IsReady() {
			t.Skip("not checked yet: poll #1 must return Pending first")
		}
		if steps[0].Wakes == 0 && r.WaitForLateWake(100*time.Millisecond) {
			t.Fatalf("NewYieldOnce(%d): poll #1 returned Pending without waking the waker during the poll; the waker "+
				"was called only afterwards, from elsewhere (another goroutine or a timer). An executor would poll again "+
				"then, so the wake is not lost, but a YieldOnce has nothing to wait for: call cx.Waker().Wake() in Poll "+
				"itself, before returning Pending%s", v, flTrace(r))
		}
		if p := flWakeProblem(steps[0]); p != "" {
			t.Fatalf("NewYieldOnce(%d): %s%s", v, p, flTrace(r))
		}
	}
}

func TestSecondPollIsReadyWithTheValue(t *testing.T) {
	for _, v := range flInts {
		r, steps, problem := flPoll(v, 2)
		if problem != "" || steps[0].Panicked || steps[0].Result.IsReady() {
			t.Skip("not checked yet: poll #1 must return Pending first")
		}
		s := steps[1]
		if s.Panicked {
			t.Fatalf("NewYieldOnce(%d): poll #2 panicked: %v%s", v, s.PanicText(), flTrace(r))
		}
		if s.Result.IsPending() {
			t.Fatalf("NewYieldOnce(%d): %s%s", v, flStepProblem(s, v, flEqual[int]), flTrace(r))
		}
		if got, _ := s.Result.Value(); got != v {
			t.Fatalf("NewYieldOnce(%d): poll #2 returned %v, want %v: the second poll must hand back the value "+
				"given to NewYieldOnce%s", v, s.Result, core.Ready(v), flTrace(r))
		}
	}
}

func TestReadyPollDoesNotWake(t *testing.T) {
	for _, v := range flInts {
		r, steps, problem := flPoll(v, 2)
		if problem != "" || len(steps) < 2 || steps[1].Panicked || steps[1].Result.IsPending() {
			t.Skip("not checked yet: poll #2 must return Ready first")
		}
		if s := steps[1]; s.Wakes > 0 {
			t.Fatalf("NewYieldOnce(%d): poll #2 returned %v but also woke the waker %d×: a future that is Ready "+
				"is finished and must not ask to be polled again%s", v, s.Result, s.Wakes, flTrace(r))
		}
	}
}

func TestWorksForAnyType(t *testing.T) {
	if p := flIntsProblem(); p != "" {
		t.Skip(p)
	}
	shared := &flPayload{Name: "shared", N: 3}
	problems := []string{
		flProblems("hello", flEqual[string]),
		flProblems("", flEqual[string]),
		flProblems(flPayload{Name: "gopher", N: 42}, flEqual[flPayload]),
		flProblems(shared, flSamePointer),
		flProblems(true, flEqual[bool]),
		flProblems(2.5, flEqual[float64]),
		flProblems(uint8(200), flEqual[uint8]),
		flProblems(false, flEqual[bool]),
		flProblems((*flPayload)(nil), flSamePointer),
		flProblems(error(nil), flEqual[error]),
		flProblems(any(nil), flEqual[any]),
		flProblems(any(5), flEqual[any]),
		flProblems(int64(-1<<63), flEqual[int64]),
		flProblems(int32(7), flEqual[int32]),
		flProblems([]int{1, 2, 3}, flDeepEqual[[]int]),
		flProblems([]byte(nil), flDeepEqual[[]byte]),
		flProblems(map[string]int{"k": 1}, flDeepEqual[map[string]int]),
		flProblems([16]int{15: 9}, flEqual[[16]int]),
		flProblems(struct{}{}, flEqual[struct{}]),
	}
	for _, p := range problems {
		if p != "" {
			t.Error(p)
		}
	}
	if uses := flTypeLooks(); len(uses) > 0 {
		t.Errorf("yield_once looks at the type of a value: %s. YieldOnce is generic: it keeps the value and hands it "+
			"back, and it is Pending once, then Ready, the same way whatever T is and whatever the value; it has no "+
			"reason to ask what type the value has", flList(uses))
	}
}

// flDeepEqual compares values that == cannot, such as slices and maps.
func flDeepEqual[T any](got, want T) string {
	if !reflect.DeepEqual(got, want) {
		return "the second poll must hand back the value given to NewYieldOnce"
	}
	return ""
}

// flTypeLooks returns every type switch and type assertion in the package
// on a value converted to an interface (any(v)), which is how Go code asks
// what type a value of a type parameter has. A switch on a state kept in an
// interface field, the lesson's enum, is not one.
func flTypeLooks() []flUse {
	fset, files := flSyntax()
	var uses []flUse
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if a, ok := n.(*ast.TypeAssertExpr); ok && flConvertsToInterface(a.X) {
				what := "a type assertion"
				if a.Type == nil {
					what = "a type switch"
				}
				uses = append(uses, flUse{At: flPos(fset, a.Pos()), What: what})
			}
			return true
		})
	}
	return uses
}

// flConvertsToInterface says whether e holds a conversion to an interface
// type: any(v), interface{}(v).
func flConvertsToInterface(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			return true
		}
		switch fun := ast.Unparen(c.Fun).(type) {
		case *ast.Ident:
			found = found || fun.Name == "any"
		case *ast.InterfaceType:
			found = true
		}
		return true
	})
	return found
}

func TestEachYieldOnceKeepsItsOwnState(t *testing.T) {
	if p := flIntsProblem(); p != "" {
		t.Skip(p)
	}
	a, problem := flNew("a")
	if problem != "" {
		t.Fatal(problem)
	}
	b, problem := flNew("b")
	if problem != "" {
		t.Fatal(problem)
	}
	ra, rb := core.NewRecorder[string](a), core.NewRecorder[string](b)
	// Interleave the polls of two futures, as an executor running two tasks
	// would. Each must follow its own Pending-then-Ready.
	order := []struct {
		r    *core.Recorder[string]
		name string
		want core.Poll[string]
	}{
		{ra, "a", core.Pending[string]()},
		{rb, "b", core.Pending[string]()},
		{ra, "a", core.Ready("a")},
		{rb, "b", core.Ready("b")},
	}
	for i, o := range order {
		s := o.r.Step()
		if s.Panicked {
			t.Fatalf("with two YieldOnces a and b polled in turns, poll #%d of %s panicked: %v", s.N, o.name, s.PanicText())
		}
		if s.Result != o.want {
			t.Fatalf("with two YieldOnces a := NewYieldOnce(\"a\") and b := NewYieldOnce(\"b\") polled in turns "+
				"(a, b, a, b), step %d, poll #%d of %s, returned %v, want %v: each YieldOnce must keep its own "+
				"state in its own fields, not in a package-level variable", i+1, s.N, o.name, s.Result, o.want)
		}
	}
	if p := flSameValueProblem(); p != "" {
		t.Fatal(p)
	}
	if p := flGlobalStateProblem("yield_once", "Keep what YieldOnce remembers in its own fields."); p != "" {
		t.Fatal(p)
	}
	if p := flFieldsChangeProblem(); p != "" {
		t.Fatal(p)
	}
	if p := flValueInFieldsProblem(); p != "" {
		t.Fatal(p)
	}
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("yield_once"); problem != "" {
		t.Fatal(problem)
	}
	var waits []flUse
	for _, path := range []string{"time", "runtime", "os/signal"} {
		waits = append(waits, flImporters(path)...)
	}
	if len(waits) > 0 {
		t.Fatalf("yield_once uses %s. A YieldOnce has nothing to wait for and nothing to time: its poll #1 wakes the "+
			"waker itself and returns Pending at once, its poll #2 returns Ready at once. A sleep would block the "+
			"executor, and a timer or a finalizer would call the waker later, from elsewhere, when nobody is "+
			"waiting for it", flList(waits))
	}
	if uses := flImportersOf("github.com/futurelings/futurelings/exercises/"); len(uses) > 0 {
		t.Fatalf("yield_once uses %s. YieldOnce is the smallest state machine there is, two states and a value: "+
			"write those states in its own fields, rather than leaving them to a future from another exercise", flList(uses))
	}
}

// flSameValueProblem polls two YieldOnces made with the same value in turns,
// after a third one with that value was polled once and dropped: each must
// still be Pending, then Ready.
func flSameValueProblem() string {
	const value = 41
	if dropped, problem := flNew(value); problem == "" {
		core.NewRecorder[int](dropped).Step()
	}
	a, problem := flNew(value)
	if problem != "" {
		return problem
	}
	b, problem := flNew(value)
	if problem != "" {
		return problem
	}
	ra, rb := core.NewRecorder[int](a), core.NewRecorder[int](b)
	for i, o := range []struct {
		r    *core.Recorder[int]
		name string
		want core.Poll[int]
	}{
		{ra, "a", core.Pending[int]()},
		{rb, "b", core.Pending[int]()},
		{ra, "a", core.Ready(value)},
		{rb, "b", core.Ready(value)},
	} {
		s := o.r.Step()
		if s.Panicked || s.Result != o.want {
			got := s.Result.String()
			if s.Panicked {
				got = "a panic: " + s.PanicText()
			}
			return fmt.Sprintf("with two YieldOnces made with the same value, a := NewYieldOnce(%d) and b := "+
				"NewYieldOnce(%d), polled in turns (a, b, a, b), step %d, poll #%d of %s, gave %s, want %v: "+
				"each YieldOnce must keep its own state in its own fields, not in a table keyed by its value, "+
				"and a YieldOnce that was dropped after one poll must change nothing for the others",
				value, value, i+1, s.N, o.name, got, o.want)
		}
	}
	return ""
}

// flFieldsChangeProblem says whether poll #1 left the fields of a YieldOnce
// as they were, so that it must remember elsewhere that it has yielded.
func flFieldsChangeProblem() string {
	y, problem := flNew(8)
	if problem != "" {
		return problem
	}
	before := flSnapshot(reflect.ValueOf(y), map[uintptr]bool{})
	if s := core.NewRecorder[int](y).Step(); s.Panicked || s.Result.IsReady() {
		return "" // the other checks say what is wrong
	}
	if after := flSnapshot(reflect.ValueOf(y), map[uintptr]bool{}); after != before {
		return ""
	}
	return fmt.Sprintf("poll #1 of NewYieldOnce(8) returned Pending but left the fields of the YieldOnce just as "+
		"they were (%s), so the fact that it has yielded is kept somewhere else: in a package-level variable, a table "+
		"or another goroutine. Record it in a field of YieldOnce, such as yielded bool, that poll #1 sets",
		before)
}

// flSnapshot prints v deeply: through pointers, interfaces, structs, arrays,
// slices and maps, with funcs by their code and channels by what they hold.
func flSnapshot(v reflect.Value, seen map[uintptr]bool) string {
	if !v.IsValid() {
		return "<invalid>"
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		if seen[v.Pointer()] {
			return "&…"
		}
		seen[v.Pointer()] = true
		return "&" + flSnapshot(v.Elem(), seen)
	case reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return v.Elem().Type().String() + "(" + flSnapshot(v.Elem(), seen) + ")"
	case reflect.Struct:
		parts := make([]string, v.NumField())
		for i := range parts {
			parts[i] = v.Type().Field(i).Name + ":" + flSnapshot(v.Field(i), seen)
		}
		return "{" + strings.Join(parts, " ") + "}"
	case reflect.Array, reflect.Slice:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return "nil"
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = flSnapshot(v.Index(i), seen)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case reflect.Map:
		if v.IsNil() {
			return "nil"
		}
		var parts []string
		for _, k := range v.MapKeys() {
			parts = append(parts, flSnapshot(k, seen)+":"+flSnapshot(v.MapIndex(k), seen))
		}
		sort.Strings(parts)
		return "map[" + strings.Join(parts, " ") + "]"
	case reflect.Func:
		if v.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("func@%#x", v.Pointer())
	case reflect.Chan:
		if v.IsNil() {
			return "nil"
		}
		return fmt.Sprintf("chan(len %d)", v.Len())
	case reflect.UnsafePointer:
		return fmt.Sprintf("%#x", v.Pointer())
	}
	return fmt.Sprint(v)
}

// flFindInt reports whether the integer want is reachable from v through
// pointers, interfaces, structs, arrays, slices and maps: in the fields, not
// inside a func value (a closure) or a channel.
func flFindInt(v reflect.Value, want int64, seen map[uintptr]bool) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		return v.Int() == want
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return false
		}
		seen[v.Pointer()] = true
		return flFindInt(v.Elem(), want, seen)
	case reflect.Interface:
		return !v.IsNil() && flFindInt(v.Elem(), want, seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if flFindInt(v.Field(i), want, seen) {
				return true
			}
		}
	case reflect.Array, reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if flFindInt(v.Index(i), want, seen) {
				return true
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if flFindInt(k, want, seen) || flFindInt(v.MapIndex(k), want, seen) {
				return true
			}
		}
	}
	return false
}

// flValueInFieldsProblem polls a YieldOnce once and says whether the value
// it will be Ready with can be seen in its fields.
func flValueInFieldsProblem() string {
	const value = 0x5EED1234
	y, problem := flNew(value)
	if problem != "" {
		return problem
	}
	if s := core.NewRecorder[int](y).Step(); s.Panicked || s.Result.IsReady() {
		return "" // the other checks say what is wrong
	}
	if flFindInt(reflect.ValueOf(y), value, map[uintptr]bool{}) {
		return ""
	}
	return fmt.Sprintf("after poll #1 of NewYieldOnce(%d), the value %d is nowhere in the fields of the YieldOnce: "+
		"it is kept out of sight, inside a func value (a closure), a channel or another goroutine. A state machine "+
		"keeps what the next state needs in its fields, where it can be seen between polls: keep the value in a field "+
		"of type T (or behind a *T), next to what says which state it is in", value, value)
}

func TestPollToCompletionTakesTwoPolls(t *testing.T) {
	for _, v := range flInts {
		y, problem := flNew(v)
		if problem != "" {
			t.Fatal(problem)
		}
		polls := 0
		counted := core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
			polls++
			return y.Poll(cx)
		})
		got, err, panicked := flExecute(counted)
		switch {
		case panicked != nil:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion: poll #%d panicked: %v", v, polls, panicked)
		case err != nil:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion: the executor gave up after %s: %v", v, flPolls(polls), err)
		case polls != 2:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion finished after %s; a YieldOnce takes "+
				"exactly two: Pending, then Ready", v, flPolls(polls))
		case got != v:
			t.Fatalf("NewYieldOnce(%d) run by core.PollToCompletion returned %d, want %d", v, got, v)
		}
	}
}

// flExecute runs f with core's executor and tight limits, and recovers a
// panic from the future.
func flExecute(f core.Future[int]) (v int, err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	v, err = core.PollToCompletionWith(f, core.Options{MaxPolls: 10, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}
