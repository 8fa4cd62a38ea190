package countdown_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	countdown "github.com/futurelings/futurelings/exercises/1_futures/countdown"
)

// flCounts are the lengths of countdown the checks try, shortest first so
// that the first message is about the simplest case: every length up to 20,
// so that no small count goes untried, and a longer one.
var flCounts = func() []int {
	var ns []int
	for n := 1; n <= 20; n++ {
		ns = append(ns, n)
	}
	return append(ns, 33)
}()

// flRun is one countdown polled to its end (or a little past where it
// should have ended).
type flRun struct {
	n     int
	rec   *core.Recorder[string]
	steps []core.Step[string]
	built string // a problem with NewCountdown itself, or ""
}

// flNew calls NewCountdown and turns a panic or a nil result into a message.
func flNew(n int) (c *countdown.Countdown, problem string) {
	defer func() {
		if p := recover(); p != nil {
			c, problem = nil, fmt.Sprintf("NewCountdown(%d) panicked: %v", n, p)
		}
	}()
	c = countdown.NewCountdown(n)
	if c == nil {
		return nil, fmt.Sprintf("NewCountdown(%d) returned nil: it must return a *Countdown that can be polled", n)
	}
	return c, ""
}

// flCountdown makes NewCountdown(n) and polls it until it is Ready, panics,
// or has had n+3 polls.
func flCountdown(n int) (r flRun) {
	r.n = n
	c, problem := flNew(n)
	if problem != "" {
		r.built = problem
		return r
	}
	r.rec = core.NewRecorder[string](c)
	for i := 0; i < n+3; i++ {
		s := r.rec.Step()
		r.steps = append(r.steps, s)
		if s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r
}

// trace is the run's poll-by-poll trace, indented below a message.
func (r flRun) trace() string {
	tr := strings.TrimRight(r.rec.Trace(), "\n")
	key := fmt.Sprintf("%d\n%s", r.n, tr)
	if flShownTraces[key] {
		return "\n    (the same polls as shown above)"
	}
	flShownTraces[key] = true
	return "\n    " + strings.ReplaceAll(tr, "\n", "\n    ")
}

// flShownTraces are the traces a failing check has shown already: a later
// check that fails on the same polls says so instead of repeating them.
var flShownTraces = map[string]bool{}

// flPendings says "1 Pending" or "n Pendings".
func flPendings(n int) string {
	if n == 1 {
		return "1 Pending"
	}
	return fmt.Sprintf("%d Pendings", n)
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

// flWhyNoProgress guesses why a countdown does not get to Ready.
func flWhyNoProgress() string {
	if _, ok := reflect.TypeFor[countdown.Countdown]().MethodByName("Poll"); ok {
		return "Poll has a value receiver, func (c Countdown) Poll, so it counts down a copy and the next poll " +
			"starts from the same count; give it a pointer receiver, func (c *Countdown) Poll"
	}
	return "does each Pending poll count one down, in a field the next poll sees?"
}

// pendingProblem checks that the run is exactly n Pendings and then a
// Ready, and says what is wrong, or "".
func (r flRun) pendingProblem() string {
	if r.built != "" {
		return r.built
	}
	head := fmt.Sprintf("NewCountdown(%d): ", r.n)
	for _, s := range r.steps {
		switch {
		case s.Panicked:
			return fmt.Sprintf("%spoll #%d panicked: %v%s", head, s.N, s.PanicText(), r.trace())
		case s.Result.IsReady() && s.N == 1 && r.n > 0:
			return fmt.Sprintf("%spoll #1 returned %v, want Pending: a Countdown from %d is Pending %s, "+
				"then Ready%s", head, s.Result, r.n, flTimes(r.n), r.trace())
		case s.Result.IsReady() && s.N <= r.n:
			return fmt.Sprintf("%spoll #%d returned %v after only %s; a Countdown from %d is Pending %s, "+
				"then Ready%s", head, s.N, s.Result, flPendings(s.N-1), r.n, flTimes(r.n), r.trace())
		case s.Result.IsPending() && r.n == 0:
			return fmt.Sprintf("%spoll #1 returned Pending: a Countdown from 0 has nothing to count down, "+
				"so it must be Ready at once%s", head, r.trace())
		case s.Result.IsPending() && s.N > r.n:
			return fmt.Sprintf("%spoll #%d returned Pending, but after %s a Countdown from %d must be Ready "+
				"(%s)%s", head, s.N, flPendings(r.n), r.n, flWhyNoProgress(), r.trace())
		}
	}
	return ""
}

// wakeProblem checks that every Pending woke the waker exactly once during
// its poll, and says what is wrong, or "".
func (r flRun) wakeProblem() string {
	for _, s := range r.steps {
		if s.Result.IsReady() || s.Panicked {
			continue
		}
		switch {
		case s.Wakes == 0 && (r.rec.LateWakes > 0 || r.rec.WaitForLateWake(100*time.Millisecond)):
			return fmt.Sprintf("NewCountdown(%d): poll #%d returned Pending without waking the waker during the poll; "+
				"the waker was called only afterwards, from elsewhere (another goroutine or a timer). An executor would "+
				"poll again then, so the wake is not lost, but a Countdown has nothing to wait for: call "+
				"cx.Waker().Wake() in Poll itself, before returning Pending%s", r.n, s.N, r.trace())
		case s.Wakes == 0:
			return fmt.Sprintf("NewCountdown(%d): poll #%d returned Pending without waking the waker: nobody would "+
				"ever poll this future again (call cx.Waker().Wake() during the poll, before returning Pending)%s",
				r.n, s.N, r.trace())
		case s.Wakes > 1:
			return fmt.Sprintf("NewCountdown(%d): poll #%d woke the waker %d×: one Pending asks for one more "+
				"poll, so it wakes once%s", r.n, s.N, s.Wakes, r.trace())
		}
	}
	return ""
}

// readyProblem checks the final Ready poll: the value Liftoff, no wake.
func (r flRun) readyProblem() string {
	s := r.steps[len(r.steps)-1]
	if got, _ := s.Result.Value(); got != countdown.Liftoff {
		return fmt.Sprintf("NewCountdown(%d): poll #%d returned %v, want %v: a Countdown is Ready with Liftoff%s",
			r.n, s.N, s.Result, core.Ready(countdown.Liftoff), r.trace())
	}
	if s.Wakes > 0 {
		return fmt.Sprintf("NewCountdown(%d): poll #%d returned %v but also woke the waker %d×: a future that is "+
			"Ready is finished and must not ask to be polled again%s", r.n, s.N, s.Result, s.Wakes, r.trace())
	}
	return ""
}

// flAllCounts runs every countdown length, 0 included.
func flAllCounts() []flRun {
	var runs []flRun
	for _, n := range append([]int{0}, flCounts...) {
		runs = append(runs, flCountdown(n))
	}
	return runs
}

// flPendingsRight reports whether every length gives the right number of
// Pendings; the checks of wakes and of the Ready poll wait for it.
func flPendingsRight() bool {
	for _, r := range flAllCounts() {
		if r.pendingProblem() != "" {
			return false
		}
	}
	return true
}

func TestZeroIsReadyAtOnce(t *testing.T) {
	r := flCountdown(0)
	if p := r.pendingProblem(); p != "" {
		t.Fatal(p)
	}
	if p := r.readyProblem(); p != "" {
		t.Fatal(p)
	}
}

func TestPendingExactlyNTimes(t *testing.T) {
	for _, n := range flCounts {
		if p := flCountdown(n).pendingProblem(); p != "" {
			t.Fatal(p)
		}
	}
	// Long countdowns too, whose counts do not fit in a byte, or in 16 bits.
	for _, long := range []int{300, 70000} {
		if p := flLongProblem(long); p != "" {
			t.Fatal(p)
		}
	}
}

// flLongProblem polls a Countdown from long, with a counting waker and no
// recorder so that it is fast, and says what is wrong, or "".
func flLongProblem(long int) (problem string) {
	c, problem := flNew(long)
	if problem != "" {
		return problem
	}
	poll := 0
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("NewCountdown(%d): poll #%d panicked: %v", long, poll, p)
		}
	}()
	cx := core.NewContext(&core.CountingWaker{})
	start := time.Now()
	for poll = 1; poll <= long+3; poll++ {
		res := c.Poll(cx)
		switch {
		case res.IsReady() && poll <= long:
			return fmt.Sprintf("NewCountdown(%d): poll #%d returned %v after only %s; a Countdown from %d is Pending "+
				"%d times, then Ready (is the count kept in a type too small for it?)", long, poll, res,
				flPendings(poll-1), long, long)
		case res.IsReady():
			return ""
		case poll%1000 == 0 && time.Since(start) > 3*time.Second:
			return fmt.Sprintf("NewCountdown(%d): only %s in %v: a poll must do its one step and return at once, "+
				"not sleep, wait or spin (a Countdown's poll is a compare, a decrement and a wake)", long,
				flPolls(poll), time.Since(start).Round(time.Second))
		}
	}
	return fmt.Sprintf("NewCountdown(%d) was still Pending after %s", long, flPolls(long+3))
}

func TestWakesOncePerPending(t *testing.T) {
	if !flPendingsRight() {
		t.Skip("not checked yet: the countdown must first be Pending the right number of times")
	}
	for _, n := range flCounts {
		if p := flCountdown(n).wakeProblem(); p != "" {
			t.Fatal(p)
		}
	}
	for _, n := range flCounts[:5] {
		if p := flFreshWakerProblem(n); p != "" {
			t.Fatal(p)
		}
	}
}

// flFreshWakerProblem polls a Countdown from n with a new waker at each
// poll, as an executor may (a task moved to another executor, or a future
// polled from another task), and checks that each Pending wakes the waker
// of its own poll, not one kept from an earlier poll.
func flFreshWakerProblem(n int) (problem string) {
	c, problem := flNew(n)
	if problem != "" {
		return problem
	}
	var wakers []*core.CountingWaker
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("NewCountdown(%d) polled with a new waker each time: poll #%d panicked: %v",
				n, len(wakers), p)
		}
	}()
	for i := 1; i <= n+1; i++ {
		w := &core.CountingWaker{}
		wakers = append(wakers, w)
		res := c.Poll(core.NewContext(w))
		for j, old := range wakers[:i-1] {
			if old.Count() != 1 {
				return fmt.Sprintf("NewCountdown(%d) polled with a new waker each time: poll #%d woke the waker of "+
					"poll #%d, not the one of its own poll. The waker can change from one poll to the next, and only "+
					"the one in this poll's cx reaches whoever will poll again: call cx.Waker().Wake() on the cx of "+
					"the poll in progress, and keep no waker from an earlier poll", n, i, j+1)
			}
		}
		if res.IsReady() {
			return ""
		}
		if w.Count() != 1 {
			return fmt.Sprintf("NewCountdown(%d) polled with a new waker each time: poll #%d returned Pending but "+
				"woke its own waker %d×, want once: wake the waker of the cx this poll was given, "+
				"cx.Waker().Wake(), not one kept from an earlier poll", n, i, w.Count())
		}
	}
	return ""
}

func TestReadyWithLiftoffAfterTheLastPending(t *testing.T) {
	if !flPendingsRight() {
		t.Skip("not checked yet: the countdown must first be Pending the right number of times")
	}
	for _, n := range flCounts {
		if p := flCountdown(n).readyProblem(); p != "" {
			t.Fatal(p)
		}
	}
}

func TestCountdownsKeepTheirOwnCount(t *testing.T) {
	for _, r := range flAllCounts() {
		if r.pendingProblem() != "" || r.wakeProblem() != "" || r.readyProblem() != "" {
			t.Skip("not checked yet: a single countdown must work first")
		}
	}
	ca, _ := flNew(2) // made fine above
	cb, _ := flNew(3)
	a, b := core.NewRecorder[string](ca), core.NewRecorder[string](cb)
	// Poll two countdowns in turns, as an executor running two tasks would.
	pending, ready := core.Pending[string](), core.Ready(countdown.Liftoff)
	order := []struct {
		r    *core.Recorder[string]
		name string
		want core.Poll[string]
	}{
		{a, "a", pending}, {b, "b", pending},
		{a, "a", pending}, {b, "b", pending},
		{a, "a", ready}, {b, "b", pending},
		{b, "b", ready},
	}
	for _, o := range order {
		s := o.r.Step()
		if s.Panicked {
			t.Fatalf("with a := NewCountdown(2) and b := NewCountdown(3) polled in turns, poll #%d of %s panicked: %v",
				s.N, o.name, s.PanicText())
		}
		if s.Result != o.want {
			t.Fatalf("with a := NewCountdown(2) and b := NewCountdown(3) polled in turns, poll #%d of %s returned "+
				"%v, want %v: each Countdown must keep its own count in its own field, not in a package-level "+
				"variable", s.N, o.name, s.Result, o.want)
		}
	}
	if p := flGlobalStateProblem("countdown", "Keep the count in a field of the Countdown that NewCountdown returns."); p != "" {
		t.Fatal(p)
	}
	if p := flAliasWritesProblem(); p != "" {
		t.Fatal(p)
	}
	if p := flCountInFieldsProblem(); p != "" {
		t.Fatal(p)
	}
}

// flAliasWritesProblem finds package-level state changed through a local
// variable that holds a package-level map, slice or pointer (t := table;
// t.left[c]--): the same shared state, under another name.
func flAliasWritesProblem() string {
	fset, files := flSyntax()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: flNoImports{}, Error: func(error) {}}
	pkg, _ := conf.Check("under_check", fset, files, info)
	if pkg == nil {
		return ""
	}
	isGlobal := func(e ast.Expr) (string, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return "", false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.Parent() != pkg.Scope() {
			return "", false
		}
		switch v.Type().Underlying().(type) {
		case *types.Map, *types.Slice, *types.Pointer:
			return id.Name, true
		}
		return "", false
	}
	var uses []string
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || (fd.Recv == nil && fd.Name.Name == "init") {
				continue
			}
			aliases := map[types.Object]string{} // local -> the package-level variable it holds
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
					for i, r := range as.Rhs {
						name, ok := isGlobal(r)
						id, isID := as.Lhs[i].(*ast.Ident)
						if !ok || !isID {
							continue
						}
						if obj := info.Defs[id]; obj != nil {
							aliases[obj] = name
						} else if obj := info.Uses[id]; obj != nil && obj.Parent() != pkg.Scope() {
							aliases[obj] = name
						}
					}
				}
				return true
			})
			if len(aliases) == 0 {
				continue
			}
			// root is the alias a written expression goes through, if any:
			// only writes into what the alias points to count, not a new
			// value for the local itself.
			root := func(e ast.Expr) (string, token.Pos, bool) {
				through := false
				for {
					switch x := e.(type) {
					case *ast.ParenExpr:
						e = x.X
					case *ast.IndexExpr:
						e, through = x.X, true
					case *ast.StarExpr:
						e, through = x.X, true
					case *ast.SelectorExpr:
						e, through = x.X, true
					case *ast.Ident:
						name, ok := aliases[info.Uses[x]]
						return name, x.Pos(), ok && through
					default:
						return "", 0, false
					}
				}
			}
			note := func(e ast.Expr) {
				if name, pos, ok := root(e); ok {
					uses = append(uses, fmt.Sprintf("a change of %s (through a local copy of it) at %s", name, flPos(fset, pos)))
				}
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if n.Tok != token.DEFINE {
						for _, l := range n.Lhs {
							note(l)
						}
					}
				case *ast.IncDecStmt:
					note(n.X)
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "delete" || id.Name == "clear") && len(n.Args) > 0 {
						note(&ast.IndexExpr{X: n.Args[0]})
					}
				}
				return true
			})
		}
	}
	if len(uses) == 0 {
		return ""
	}
	return fmt.Sprintf("countdown changes package-level state: %s. Keep the count in a field of the Countdown that "+
		"NewCountdown returns. A package-level variable is one place shared by everything the package makes, "+
		"under whatever local name it is reached, and it is not part of what a future holds, so nobody, the "+
		"checks included, can see it as the future's state", strings.Join(uses, ", "))
}

// flNoImports imports nothing: the check needs only the package's own names.
type flNoImports struct{}

func (flNoImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not needed", path)
}

func TestPollToCompletionTakesNPlusOnePolls(t *testing.T) {
	for _, n := range append([]int{0}, flCounts...) {
		c, problem := flNew(n)
		if problem != "" {
			t.Fatal(problem)
		}
		polls := 0
		counted := core.FutureFunc[string](func(cx *core.Context) core.Poll[string] {
			polls++
			return c.Poll(cx)
		})
		got, err, panicked := flExecute(counted)
		head := fmt.Sprintf("NewCountdown(%d) run by core.PollToCompletion", n)
		switch {
		case panicked != nil:
			t.Fatalf("%s: poll #%d panicked: %v", head, polls, panicked)
		case err != nil:
			t.Fatalf("%s: %v", head, err)
		case polls != n+1:
			t.Fatalf("%s finished after %s; a Countdown from %d takes %s (%s, then Ready)",
				head, flPolls(polls), n, flPolls(n+1), flPendings(n))
		case got != countdown.Liftoff:
			t.Fatalf("%s returned %q, want %q", head, got, countdown.Liftoff)
		}
	}
}

// flExecute runs f with core's executor and tight limits, and recovers a
// panic from the future.
func flExecute(f core.Future[string]) (v string, err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	v, err = core.PollToCompletionWith(f, core.Options{MaxPolls: 40, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}

func TestPollReturnsAtOnce(t *testing.T) {
	uses := flRefs("time", "Sleep", "After", "Tick", "NewTimer", "NewTicker")
	uses = append(uses, flRefs("runtime", "Gosched")...)
	if len(uses) > 0 {
		t.Fatalf("countdown uses %s. A poll does its step and returns at once: while it sleeps or waits, the "+
			"executor that called it can run nothing else. A Countdown has nothing to wait for; its poll is a "+
			"compare, a decrement and a wake", flList(uses))
	}
}

func TestIsAHandWrittenStateMachine(t *testing.T) {
	if problem := flHandWrittenProblem("countdown"); problem != "" {
		t.Fatal(problem)
	}
}

// flInts collects every integer reachable from v through pointers,
// interfaces, structs, arrays, slices and maps, and the length of each of
// those: what the future's fields show. What a func value (a closure) holds
// is out of sight.
func flInts(v reflect.Value, seen map[uintptr]bool, out *[]int64) {
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		*out = append(*out, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		*out = append(*out, int64(v.Uint()))
	case reflect.Bool:
		if v.Bool() {
			*out = append(*out, 1)
		} else {
			*out = append(*out, 0)
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		flInts(v.Elem(), seen, out)
	case reflect.Interface:
		if !v.IsNil() {
			flInts(v.Elem(), seen, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			flInts(v.Field(i), seen, out)
		}
	case reflect.Array, reflect.Slice:
		*out = append(*out, int64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			flInts(v.Index(i), seen, out)
		}
	case reflect.Map, reflect.Chan, reflect.String:
		*out = append(*out, int64(v.Len()))
		if v.Kind() == reflect.Map {
			for _, k := range v.MapKeys() {
				flInts(k, seen, out)
				flInts(v.MapIndex(k), seen, out)
			}
		}
	}
}

// flCountInFieldsProblem polls a Countdown from 5 three times and says
// whether its fields changed at all: the count it keeps must be in them.
func flCountInFieldsProblem() string {
	c, problem := flNew(5)
	if problem != "" {
		return problem
	}
	snap := func() string {
		var ints []int64
		flInts(reflect.ValueOf(c), map[uintptr]bool{}, &ints)
		return fmt.Sprint(ints)
	}
	r := core.NewRecorder[string](c)
	first := snap()
	for i := 0; i < 3; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			return "" // the other checks say what is wrong
		}
		if snap() != first {
			return ""
		}
	}
	return "NewCountdown(5) was polled three times, Pending each time, yet nothing in the fields of the Countdown " +
		"changed: no field counts the polls, down or up. So the count lives somewhere the Countdown's fields do not " +
		"show, inside a func value (a closure), a channel's buffer or another goroutine. The point of the exercise is " +
		"that a future remembers where it is in its own fields, from one poll to the next: keep the count in an int field"
}
