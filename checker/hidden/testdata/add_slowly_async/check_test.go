package addslowlyasync_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
	addslowlyasync "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly_async"
)

// flMaxPolls bounds every run: both versions need three polls.
const flMaxPolls = 6

var flInputs = []struct{ a, b uint32 }{
	{3, 4}, {0, 0}, {1, 2}, {40, 2}, {7, 0}, {0, 9}, {2, 1},
	{100, 250}, {12345, 67890}, {65535, 65537}, {1 << 20, 3},
	{math.MaxUint32, 1}, {math.MaxUint32, math.MaxUint32}, {1 << 31, 1 << 31},
	{4_000_000_000, 500_000_000}, {math.MaxUint32 - 5, 5},
}

// flRun polls f until it is Ready, panics, or has been polled max times.
func flRun(f core.Future[uint32], max int) *core.Recorder[uint32] {
	r := core.NewRecorder(f)
	for i := 0; i < max; i++ {
		if s := r.Step(); s.Panicked || s.Result.IsReady() {
			break
		}
	}
	return r
}

// flAsync calls the learner's AddSlowlyAsync, turning a panic into a nil
// future and the panic value.
func flAsync(a, b uint32) (f core.Future[uint32], panicked any) {
	defer func() {
		if p := recover(); p != nil {
			f, panicked = nil, p
		}
	}()
	return addslowlyasync.AddSlowlyAsync(a, b), nil
}

// flBoth runs the async version and the hand-written one on the same input.
func flBoth(t *testing.T, a, b uint32) (async, hand *core.Recorder[uint32]) {
	t.Helper()
	f, p := flAsync(a, b)
	if p != nil {
		t.Fatalf("AddSlowlyAsync(%d, %d) panicked before returning a future: %v", a, b, p)
	}
	if f == nil {
		t.Fatalf("AddSlowlyAsync(%d, %d) returned nil instead of a future", a, b)
	}
	hand = flRun(addslowly.NewAddSlowly(a, b), flMaxPolls)
	if last := flLast(hand); last.Panicked || !last.Result.IsReady() || last.Result.Unwrap() != a+b {
		t.Skipf("not checked yet: these checks compare AddSlowlyAsync with your AddSlowly from add_slowly, and "+
			"NewAddSlowly(%d, %d) does not return Ready(%d) yet: make add_slowly pass first", a, b, a+b)
	}
	return flRun(f, flMaxPolls), hand
}

func flIndent(trace string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(trace, "\n"), "\n") {
		b.WriteString("\n    " + line)
	}
	return b.String()
}

func flTraces(async, hand *core.Recorder[uint32]) string {
	return "\nAddSlowlyAsync, poll by poll:" + flIndent(async.Trace()) +
		"\nhand-written AddSlowly, poll by poll:" + flIndent(hand.Trace())
}

func flLast(r *core.Recorder[uint32]) core.Step[uint32] {
	steps := r.Steps()
	return steps[len(steps)-1]
}

func flPolls(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

func TestIsWrittenWithAsync(t *testing.T) {
	f, p := flAsync(3, 4)
	if p != nil {
		t.Fatalf("AddSlowlyAsync(3, 4) panicked before returning a future: %v", p)
	}
	if f == nil {
		t.Fatalf("AddSlowlyAsync(3, 4) returned nil instead of a future")
	}
	typ := reflect.TypeOf(f)
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.PkgPath() != "github.com/futurelings/futurelings/core" || !strings.HasPrefix(typ.Name(), "asyncFuture") {
		t.Fatalf("AddSlowlyAsync returned a %T; write it with core.Async and core.Await, so that the coroutine, not a hand-written state, carries x across the await", f)
	}
}

func TestSameSumAsHandWritten(t *testing.T) {
	wrong := 0
	for _, in := range flInputs {
		async, hand := flBoth(t, in.a, in.b)
		got, want := flLast(async), flLast(hand)
		switch {
		case got.Panicked:
			t.Errorf("AddSlowlyAsync(%d, %d): poll #%d panicked: %v", in.a, in.b, got.N, got.PanicText())
		case got.Result.IsPending():
			t.Errorf("AddSlowlyAsync(%d, %d) was still Pending after %s; NewAddSlowly(%d, %d) returned %v",
				in.a, in.b, flPolls(got.N), in.a, in.b, want.Result)
		case got.Result.Unwrap() != want.Result.Unwrap():
			t.Errorf("AddSlowlyAsync(%d, %d) returned %v; NewAddSlowly(%d, %d) returned %v",
				in.a, in.b, got.Result, in.a, in.b, want.Result)
		default:
			continue
		}
		if wrong++; wrong == 3 {
			t.Errorf("(stopped after three wrong inputs)")
			return
		}
	}
}

func TestTakesThreePollsLikeHandWritten(t *testing.T) {
	for _, in := range flInputs[:5] {
		async, hand := flBoth(t, in.a, in.b)
		got, want := flLast(async), flLast(hand)
		switch {
		case got.Panicked:
			t.Fatalf("AddSlowlyAsync(%d, %d): poll #%d panicked: %v%s", in.a, in.b, got.N, got.PanicText(), flTraces(async, hand))
		case got.Result.IsPending():
			t.Fatalf("AddSlowlyAsync(%d, %d) was still Pending after %s, but the hand-written AddSlowly takes %d: "+
				"add_slowly awaits two YieldOnces, and each is Pending only once%s",
				in.a, in.b, flPolls(got.N), want.N, flTraces(async, hand))
		case got.N < want.N:
			t.Fatalf("AddSlowlyAsync(%d, %d) finished in %s but the hand-written AddSlowly takes %d: "+
				"each core.Await of a YieldOnce that is still Pending is a suspension point, where the Async future "+
				"returns Pending to its poller, and add_slowly has two of them (one per YieldOnce)%s",
				in.a, in.b, flPolls(got.N), want.N, flTraces(async, hand))
		case got.N > want.N:
			t.Fatalf("AddSlowlyAsync(%d, %d) finished in %s but the hand-written AddSlowly takes %d: "+
				"every extra core.Await of a pending future costs one more poll, and add_slowly awaits exactly two YieldOnces%s",
				in.a, in.b, flPolls(got.N), want.N, flTraces(async, hand))
		}
	}
}

func TestEveryPollMatchesHandWritten(t *testing.T) {
	describe := func(s core.Step[uint32]) string {
		if s.Panicked {
			return fmt.Sprintf("panicked (%v)", s.PanicText())
		}
		switch s.Wakes {
		case 0:
			return fmt.Sprintf("returned %v without waking the waker", s.Result)
		case 1:
			return fmt.Sprintf("returned %v and woke the waker once", s.Result)
		}
		return fmt.Sprintf("returned %v and woke the waker %d times", s.Result, s.Wakes)
	}
	for _, in := range flInputs[:5] {
		async, hand := flBoth(t, in.a, in.b)
		as, hs := async.Steps(), hand.Steps()
		for i := range max(len(as), len(hs)) {
			switch {
			case i >= len(as):
				t.Fatalf("AddSlowlyAsync(%d, %d) had finished before poll #%d; the hand-written AddSlowly's poll #%d %s%s",
					in.a, in.b, i+1, i+1, describe(hs[i]), flTraces(async, hand))
			case i >= len(hs):
				t.Fatalf("AddSlowlyAsync(%d, %d): poll #%d %s, but the hand-written AddSlowly had already finished%s",
					in.a, in.b, i+1, describe(as[i]), flTraces(async, hand))
			}
			a, h := as[i], hs[i]
			if a.Panicked || a.Result.IsReady() != h.Result.IsReady() || a.Wakes != h.Wakes {
				t.Fatalf("AddSlowlyAsync(%d, %d): poll #%d %s; the hand-written AddSlowly's poll #%d %s%s",
					in.a, in.b, a.N, describe(a), h.N, describe(h), flTraces(async, hand))
			}
		}
	}
}

func TestRunsToTheSumUnderPollToCompletion(t *testing.T) {
	for _, in := range []struct{ a, b uint32 }{{3, 4}, {math.MaxUint32, 2}, {1000, 24}} {
		got, err, panicked := flPollToCompletion(in.a, in.b)
		if panicked != nil {
			t.Fatalf("PollToCompletion(AddSlowlyAsync(%d, %d)) panicked: %v", in.a, in.b, panicked)
		}
		if err != nil {
			t.Fatalf("PollToCompletion(AddSlowlyAsync(%d, %d)) failed: %v", in.a, in.b, err)
		}
		if want := in.a + in.b; got != want {
			t.Fatalf("PollToCompletion(AddSlowlyAsync(%d, %d)) returned %d; want %d", in.a, in.b, got, want)
		}
	}
}

func flPollToCompletion(a, b uint32) (v uint32, err error, panicked any) {
	defer func() { panicked = recover() }()
	v, err = core.PollToCompletionWith(addslowlyasync.AddSlowlyAsync(a, b),
		core.Options{MaxPolls: flMaxPolls, WakeTimeout: 20 * time.Millisecond})
	return v, err, nil
}

func TestAwaitsTheYieldOncesItself(t *testing.T) {
	var others []flUse
	for _, u := range flImportersOf("github.com/futurelings/futurelings/exercises/") {
		if !strings.Contains(u.What, "/yield_once\"") && !strings.Contains(u.What, "/add_slowly\"") {
			others = append(others, u)
		}
	}
	if len(others) > 0 {
		t.Fatalf("add_slowly_async uses %s. AddSlowlyAsync awaits two YieldOnces from your yield_once package, and "+
			"nothing else: a future from another exercise would make the polls look right without the YieldOnces "+
			"doing the waiting", flList(others))
	}
	if polls := flPollCalls(); len(polls) > 0 {
		t.Fatalf("add_slowly_async calls Poll itself (%s). In an async body only core.Await polls: it polls the "+
			"future with the context of the poll in progress and suspends the body while it is Pending. A Poll of "+
			"your own, with a context of your own, takes the value without waiting for it", flList(polls))
	}
	if uses := flImporters("github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"); len(uses) > 0 {
		t.Fatalf("add_slowly_async uses your hand-written add_slowly (%s). AddSlowlyAsync must await the two "+
			"YieldOnces itself: handed back or awaited, the hand-written AddSlowly would do all the work, the "+
			"coroutine would carry nothing across an await of its own, and the checks would compare AddSlowly with itself",
			flList(uses))
	}
}

func TestTheSumIsWhatTheAwaitsReturn(t *testing.T) {
	if uses := flOperandUses(); len(uses) > 0 {
		t.Fatalf("AddSlowlyAsync uses a and b (or values made from them) for more than making the YieldOnces: %s. Once the body has awaited, the "+
			"only operands the sum may have are x and y, the values the two core.Await calls return; a and b go into "+
			"yieldonce.NewYieldOnce and nowhere else. That is what the exercise compares: the coroutine carries x "+
			"across the second await on its stack, where the hand-written AddSlowly keeps it in YieldingB", flList(uses))
	}
	if p := flGlobalStateProblem("add_slowly_async", "Let the coroutine carry x: a local variable of the body is all it takes."); p != "" {
		t.Fatal(p)
	}
}

// flAsyncNoImports imports nothing: the rule reads only the package's own
// names, and go/types carries on with a stand-in for each import.
type flAsyncNoImports struct{}

func (flAsyncNoImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not needed", path)
}

// flOperandUses follows AddSlowlyAsync's arguments a and b through the
// package: into the variables they are assigned to, the ranges they are
// ranged over and the parameters of the package's own functions they are
// passed to. Each of those values may go into yieldonce.NewYieldOnce as it
// is, and nowhere else; every other use (in a sum, a return, a call of
// anything else) is returned.
func flOperandUses() []flUse {
	fset, files := flSyntax()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{},
		Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: flAsyncNoImports{}, Error: func(error) {}}
	pkg, _ := conf.Check("addslowlyasync", fset, files, info)
	if pkg == nil {
		return nil
	}
	funcs := map[types.Object]*ast.FuncDecl{}
	tainted := map[types.Object]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			funcs[info.Defs[fd.Name]] = fd
			if fd.Name.Name == "AddSlowlyAsync" && fd.Recv == nil {
				for _, field := range fd.Type.Params.List {
					for _, n := range field.Names {
						tainted[info.Defs[n]] = true
					}
				}
			}
		}
	}
	obj := func(id *ast.Ident) types.Object {
		if o := info.Uses[id]; o != nil {
			return o
		}
		return info.Defs[id]
	}
	callee := func(c *ast.CallExpr) ast.Expr {
		fun := ast.Unparen(c.Fun)
		switch x := fun.(type) {
		case *ast.IndexExpr:
			fun = x.X
		case *ast.IndexListExpr:
			fun = x.X
		}
		return fun
	}
	isNewYieldOnce := func(c *ast.CallExpr) bool {
		sel, ok := callee(c).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "NewYieldOnce"
	}
	local := func(c *ast.CallExpr) *ast.FuncDecl {
		switch f := callee(c).(type) {
		case *ast.Ident:
			return funcs[info.Uses[f]]
		case *ast.SelectorExpr:
			return funcs[info.Uses[f.Sel]]
		}
		return nil
	}
	// carries reports whether e's value can carry a tainted value: it uses
	// one outside the arguments of NewYieldOnce and of the package's own
	// functions (whose parameters carry it instead).
	var carries func(e ast.Node) bool
	carries = func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // what a closure does with them is checked where it does it
			case *ast.CallExpr:
				if isNewYieldOnce(n) || local(n) != nil {
					return false
				}
			case *ast.Ident:
				if o := info.Uses[n]; o != nil && tainted[o] {
					found = true
				}
			}
			return true
		})
		return found
	}
	taint := func(e ast.Expr) bool {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name != "_" {
			if o := obj(id); o != nil && !tainted[o] {
				tainted[o] = true
				return true
			}
		}
		return false
	}
	params := func(fd *ast.FuncDecl) []*ast.Ident {
		var ps []*ast.Ident
		for _, field := range fd.Type.Params.List {
			ps = append(ps, field.Names...)
		}
		return ps
	}
	for changed := true; changed; {
		changed = false
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						r := n.Rhs[min(i, len(n.Rhs)-1)]
						if carries(r) && taint(l) {
							changed = true
						}
					}
				case *ast.ValueSpec:
					for i, name := range n.Names {
						if len(n.Values) > 0 && carries(n.Values[min(i, len(n.Values)-1)]) && taint(name) {
							changed = true
						}
					}
				case *ast.RangeStmt:
					if carries(n.X) {
						for _, l := range []ast.Expr{n.Key, n.Value} {
							if l != nil && taint(l) {
								changed = true
							}
						}
					}
				case *ast.SelectorExpr:
					// A method of the package's own, called or taken as a
					// value: its receiver carries what X carries.
					if fd := funcs[info.Uses[n.Sel]]; fd != nil && fd.Recv != nil && carries(n.X) {
						for _, field := range fd.Recv.List {
							for _, name := range field.Names {
								if taint(name) {
									changed = true
								}
							}
						}
					}
				case *ast.CallExpr:
					if fd := local(n); fd != nil {
						ps := params(fd)
						for i, a := range n.Args {
							if i < len(ps) && carries(a) && taint(ps[i]) {
								changed = true
							}
						}
					}
				}
				return true
			})
		}
	}
	// Where a tainted value is used, and what it is used in.
	var uses []flUse
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok || info.Uses[id] == nil || !tainted[info.Uses[id]] {
				return true
			}
			if !flOperandUseAllowed(stack, info, funcs, isNewYieldOnce, local) {
				uses = append(uses, flUse{At: flPos(fset, id.Pos()), What: id.Name})
			}
			return true
		})
	}
	return uses
}

// flOperandUseAllowed says whether the tainted identifier on top of stack
// is used where it may be: as the argument of NewYieldOnce itself, or where
// its value goes on into a variable or a parameter that is followed too.
func flOperandUseAllowed(stack []ast.Node, info *types.Info, funcs map[types.Object]*ast.FuncDecl, isNewYieldOnce func(*ast.CallExpr) bool, local func(*ast.CallExpr) *ast.FuncDecl) bool {
	child := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
		case *ast.UnaryExpr:
			if p.Op != token.AND {
				return false
			}
		case *ast.SelectorExpr:
			if p.X != child {
				return false
			}
			if fd := funcs[info.Uses[p.Sel]]; fd != nil && fd.Recv != nil {
				return true // the receiver of the package's own method, which is followed
			}
		case *ast.IndexExpr:
			if p.X != child {
				return false
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() && len(p.Args) == 1 {
				break // a conversion: the same value
			}
			for _, a := range p.Args {
				if a == child && (isNewYieldOnce(p) || local(p) != nil) {
					return true
				}
			}
			if local(p) == nil {
				return false
			}
		case *ast.AssignStmt:
			if p.Tok == token.DEFINE || p.Tok == token.ASSIGN {
				return true // the value goes on into the left-hand side, which is followed
			}
			return false // x += a: an operation on it
		case *ast.ValueSpec:
			return true
		case *ast.RangeStmt:
			return child == p.X || child == p.Key || child == p.Value
		case *ast.CompositeLit, *ast.KeyValueExpr:
			// an element of a literal: allowed where the literal goes on
		default:
			return false
		}
		child = stack[i]
	}
	return false
}

// flPollCalls returns every call of a method named Poll, and every context
// or waker the package makes.
func flPollCalls() []flUse {
	fset, files := flSyntax()
	var uses []flUse
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Poll" {
					uses = append(uses, flUse{At: flPos(fset, c.Pos()), What: "a call of Poll"})
				}
			}
			return true
		})
	}
	return append(uses, flRefs("github.com/futurelings/futurelings/core", "NewContext", "NoopWaker", "WakerFunc",
		"CountingWaker", "NewRecorder", "PollToCompletion", "PollToCompletionWith")...)
}
