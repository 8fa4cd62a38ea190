// Package rules holds the helpers of the checks that read how an
// exercise's code is written. futurelings lays it over the workspace's
// module beside the checks' reporter, so that it is compiled once and kept
// in Go's build cache: a check rebuilt after every save compiles only its
// own checks. The checks call it through the fl-prefixed forwarders in
// checker/hidden/testdata/rules_test.go.
//
// The helpers read the sources of the package under check as compiled
// (handed over with SetSources by code generated for each check), never the
// disk, and ignore comments: a rule is about code, not about what a
// comment says.
package rules

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"
)

var sources, shipped = noSources, noSources

func noSources() map[string]string { return nil }

// SetSources hands the rules the sources of the package under check and
// the shipped ones of its exercise, each by file name.
func SetSources(pkg, shippedSources func() map[string]string) {
	sources, shipped = pkg, shippedSources
}

// Syntax parses every non-test Go file of the package under check, in
// name order, without comments. A file that does not parse is left out: the
// compiler has already accepted what the checks run on.
func Syntax() (*token.FileSet, []*ast.File) {
	fset := token.NewFileSet()
	srcs := sources()
	names := make([]string, 0, len(srcs))
	for n := range srcs {
		names = append(names, n)
	}
	sort.Strings(names)
	var files []*ast.File
	for _, n := range names {
		f, err := parser.ParseFile(fset, n, srcs[n], parser.SkipObjectResolution)
		if err == nil {
			files = append(files, f)
		}
	}
	return fset, files
}

// ImportName returns the name file f uses for the package at importPath,
// or "" when it does not import it.
func ImportName(f *ast.File, importPath string) string {
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil || p != importPath {
			continue
		}
		if im.Name != nil {
			return im.Name.Name
		}
		return path.Base(p)
	}
	return ""
}

// Use is one place the code refers to something a rule is about.
type Use struct {
	At   string // file:line
	What string // as written, e.g. core.Async
}

func (u Use) String() string { return u.What + " at " + u.At }

// Refs returns every place the package refers to one of names from the
// package at importPath (all of its names when none are given).
func Refs(importPath string, names ...string) []Use {
	fset, files := Syntax()
	var uses []Use
	for _, f := range files {
		local := ImportName(f, importPath)
		if local == "" || local == "_" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok || x.Name != local {
				return true
			}
			if len(names) == 0 || has(names, sel.Sel.Name) {
				uses = append(uses, Use{At: Pos(fset, sel.Pos()), What: local + "." + sel.Sel.Name})
			}
			return true
		})
		if local == "." && len(names) > 0 {
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && has(names, id.Name) {
					uses = append(uses, Use{At: Pos(fset, id.Pos()), What: id.Name})
				}
				return true
			})
		}
	}
	return uses
}

// Importers returns where the package imports importPath.
func Importers(importPath string) []Use {
	fset, files := Syntax()
	var uses []Use
	for _, f := range files {
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil && p == importPath {
				uses = append(uses, Use{At: Pos(fset, im.Pos()), What: "import " + im.Path.Value})
			}
		}
	}
	return uses
}

// ImportersOf returns where the package imports a package whose path
// starts with prefix.
func ImportersOf(prefix string) []Use {
	fset, files := Syntax()
	var uses []Use
	for _, f := range files {
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil && strings.HasPrefix(p, prefix) {
				uses = append(uses, Use{At: Pos(fset, im.Pos()), What: "import " + im.Path.Value})
			}
		}
	}
	return uses
}

// Goroutines returns every place the package starts a goroutine: a go
// statement, or a call that runs a func on a goroutine of its own
// (time.AfterFunc, context.AfterFunc, or a Go method such as
// sync.WaitGroup's). A future that starts one keeps its state on that
// goroutine's stack, not in its fields, or wakes from elsewhere.
func Goroutines() []Use {
	fset, files := Syntax()
	var uses []Use
	for _, f := range files {
		imported := map[string]bool{}
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil {
				imported[ImportName(f, p)] = true
			}
		}
		timeName, contextName := ImportName(f, "time"), ImportName(f, "context")
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				uses = append(uses, Use{At: Pos(fset, n.Pos()), What: "a go statement"})
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, isIdent := sel.X.(*ast.Ident)
				switch {
				case isIdent && sel.Sel.Name == "AfterFunc" && x.Name != "" && (x.Name == timeName || x.Name == contextName):
					uses = append(uses, Use{At: Pos(fset, n.Pos()),
						What: x.Name + ".AfterFunc (which calls its func on a goroutine of its own)"})
				case sel.Sel.Name == "Go" && len(n.Args) == 1 && !(isIdent && imported[x.Name]):
					uses = append(uses, Use{At: Pos(fset, n.Pos()),
						What: "a Go method (which starts a goroutine)"})
				}
			}
			return true
		})
	}
	return uses
}

// PackageVarWrites returns every place a function of the package changes
// a package-level variable: assigns to it or to an element or field of it,
// increments it, deletes from or clears it, takes its address, or calls one
// of the methods that store (Store, Add, Swap...). Such a variable is one
// place shared by every future the package makes.
func PackageVarWrites() []Use {
	fset, files := Syntax()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: noImports{}, Error: func(error) {}}
	pkg, _ := conf.Check("under_check", fset, files, info)
	if pkg == nil {
		return nil
	}
	global := func(e ast.Expr) (string, bool) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.IndexListExpr:
				e = x.X
			case *ast.SliceExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.SelectorExpr:
				e = x.X
			case *ast.Ident:
				v, ok := info.Uses[x].(*types.Var)
				return x.Name, ok && v.Parent() == pkg.Scope()
			default:
				return "", false
			}
		}
	}
	stores := []string{"Store", "Swap", "CompareAndSwap", "Add", "Sub", "And", "Or", "LoadOrStore",
		"LoadAndDelete", "Delete", "Clear", "Set", "Put", "Push", "PushBack", "PushFront"}
	var uses []Use
	note := func(e ast.Expr, how string) {
		if name, ok := global(e); ok {
			uses = append(uses, Use{At: Pos(fset, e.Pos()), What: fmt.Sprintf("%s %s", how, name)})
		}
	}
	inFunc := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok != token.DEFINE {
					for _, l := range n.Lhs {
						note(l, "an assignment to")
					}
				}
			case *ast.IncDecStmt:
				note(n.X, "a change of")
			case *ast.RangeStmt:
				if n.Tok == token.ASSIGN {
					for _, l := range []ast.Expr{n.Key, n.Value} {
						if l != nil {
							note(l, "an assignment to")
						}
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					note(n.X, "the address of")
				}
			case *ast.CallExpr:
				switch fun := n.Fun.(type) {
				case *ast.Ident:
					if (fun.Name == "delete" || fun.Name == "clear") && len(n.Args) > 0 {
						if _, builtin := info.Uses[fun].(*types.Builtin); builtin {
							note(n.Args[0], fun.Name+" on")
						}
					}
				case *ast.SelectorExpr:
					if has(stores, fun.Sel.Name) {
						note(fun.X, fun.Sel.Name+" on")
					}
				}
			}
			return true
		})
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				// init sets the package up once; it is not what a future does.
				if n.Body != nil && !(n.Recv == nil && n.Name.Name == "init") {
					inFunc(n.Body)
				}
				return false
			case *ast.FuncLit:
				inFunc(n.Body)
				return false
			}
			return true
		})
	}
	return uses
}

// noImports imports nothing: the rules need only the package's own
// names, and go/types carries on with a stand-in for each import.
type noImports struct{}

func (noImports) Import(path string) (*types.Package, error) {
	return nil, fmt.Errorf("%s is not needed by the rules", path)
}

// GlobalStateProblem says where, if anywhere, the package keeps state in
// package-level variables instead of in each future's (or each run's) own
// fields and locals; what says what that state should be kept in.
func GlobalStateProblem(exercise, what string) string {
	uses := PackageVarWrites()
	if len(uses) == 0 {
		return ""
	}
	if what != "" {
		what += " "
	}
	return fmt.Sprintf("%s changes package-level state: %s. %sA package-level variable is one place shared "+
		"by everything the package makes, even when it is a map keyed by each one (a table that is never emptied "+
		"of the futures that were abandoned), and it is not part of what a future holds, so nobody, the checks "+
		"included, can see it as the future's state", exercise, List(uses), what)
}

// HandWrittenProblem says what, if anything, keeps the package's future
// from being a state machine written by hand: core.Async or core.Await, a
// coroutine of its own (iter.Pull), or a goroutine, each of which keeps the
// future's progress on a stack instead of in the states the exercise is
// about; or a context of its own, or an executor run inside a poll, with
// which a sub-future's wakes never reach the future's executor. It returns
// "" when there is none.
func HandWrittenProblem(exercise string) string {
	const corePath = "github.com/futurelings/futurelings/core"
	var blocking []Use
	blocking = append(blocking, Refs(corePath, "NewContext", "NoopWaker", "WakerFunc", "CountingWaker",
		"PollToCompletion", "PollToCompletionWith", "NewRecorder")...)
	for _, ex := range []string{"1_futures/poll_to_completion", "3_wakers_and_executors/block_on", "3_wakers_and_executors/run_queue"} {
		blocking = append(blocking, Importers("github.com/futurelings/futurelings/exercises/"+ex)...)
	}
	var problems []string
	if len(blocking) > 0 {
		problems = append(problems, fmt.Sprintf("%s uses %s. A future polls its sub-futures with the cx its own poll was given, and "+
			"nothing else: that is how a sub-future's wake reaches the executor that will poll again. A context or "+
			"a waker of its own sends that wake nowhere, and an executor run inside a poll blocks the poll until the "+
			"sub-future is done, where an await returns Pending and lets the executor get on with other work",
			exercise, List(blocking)))
	}
	var uses []Use
	uses = append(uses, Refs(corePath, "Async", "Await")...)
	uses = append(uses, Refs("iter", "Pull", "Pull2")...)
	uses = append(uses, Goroutines()...)
	if len(uses) > 0 {
		problems = append(problems, fmt.Sprintf("%s uses %s. %s asks for the state machine itself, written by hand, the way "+
			"Rust's compiler writes one from an async fn: each state a value that holds what the rest of the "+
			"function still needs. core.Async, a coroutine or a goroutine would keep that on a stack instead, "+
			"out of sight, which is the very thing this exercise is here to make visible "+
			"(and it costs a whole goroutine stack per future, as ten_thousand_tasks measures)",
			exercise, List(uses), exercise))
	}
	return strings.Join(problems, "\n")
}

// List joins uses into "a at f:1, b at f:2 and c at f:3".
func List(uses []Use) string {
	parts := make([]string, len(uses))
	for i, u := range uses {
		parts[i] = u.String()
	}
	if len(parts) > 3 {
		parts = append(parts[:3], fmt.Sprintf("%d more", len(uses)-3))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func Pos(fset *token.FileSet, p token.Pos) string {
	pos := fset.Position(p)
	return fmt.Sprintf("%s:%d", pos.Filename, pos.Line)
}

// SyncMethods are the methods through which goroutines share memory
// safely: those of sync.Mutex, sync.RWMutex, sync.Cond, sync.Map and the
// sync/atomic types. (Add is left out: time.Time has one too.)
var SyncMethods = []string{"Lock", "RLock", "TryLock", "TryRLock", "Wait", "Signal", "Broadcast",
	"Load", "Store", "Swap", "CompareAndSwap", "LoadOrStore", "LoadAndDelete"}

// SyncUses returns where the code in body, or in the package's own
// functions and methods it calls (however deep), synchronizes with other
// goroutines: a call of one of SyncMethods, of package sync/atomic, a
// channel operation, a select or a close. It reads names only, not types,
// so it says whether any synchronization is there at all, not whether it
// is right. A function literal in body counts as called, and so does body
// itself when it is a function value (t.wake).
func SyncUses(fset *token.FileSet, files []*ast.File, body ast.Node) []Use {
	funcs := map[string][]*ast.FuncDecl{} // by name; methods of every type under their own name
	atomics := map[string]bool{}
	for _, f := range files {
		if n := ImportName(f, "sync/atomic"); n != "" && n != "_" {
			atomics[n] = true
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				funcs[fd.Name.Name] = append(funcs[fd.Name.Name], fd)
			}
		}
	}
	var uses []Use
	seen := map[*ast.FuncDecl]bool{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SendStmt:
				uses = append(uses, Use{At: Pos(fset, n.Pos()), What: "a channel send"})
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					uses = append(uses, Use{At: Pos(fset, n.Pos()), What: "a channel receive"})
				}
			case *ast.SelectStmt:
				uses = append(uses, Use{At: Pos(fset, n.Pos()), What: "a select"})
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
					if name == "close" {
						uses = append(uses, Use{At: Pos(fset, n.Pos()), What: "close"})
					}
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok && atomics[x.Name] {
						uses = append(uses, Use{At: Pos(fset, n.Pos()), What: x.Name + "." + name})
					} else if has(SyncMethods, name) {
						uses = append(uses, Use{At: Pos(fset, n.Pos()), What: "." + name + "()"})
					}
				case *ast.IndexExpr: // a generic function, instantiated
					if id, ok := fn.X.(*ast.Ident); ok {
						name = id.Name
					}
				}
				for _, fd := range funcs[name] {
					if !seen[fd] {
						seen[fd] = true
						walk(fd.Body)
					}
				}
			}
			return true
		})
	}
	// A function value (t.wake, wakeAll) stands for the function it names.
	switch fn := body.(type) {
	case *ast.Ident:
		body = &ast.CallExpr{Fun: fn}
	case *ast.SelectorExpr:
		body = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("_"), Sel: fn.Sel}}
	}
	walk(body)
	return uses
}

// MethodDecl returns the declaration of method name on type typ (with a
// pointer or a value receiver), or nil.
func MethodDecl(files []*ast.File, typ, name string) *ast.FuncDecl {
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || fd.Name.Name != name || fd.Body == nil {
				continue
			}
			t := fd.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			switch x := t.(type) {
			case *ast.IndexExpr:
				t = x.X
			case *ast.IndexListExpr:
				t = x.X
			}
			if id, ok := t.(*ast.Ident); ok && id.Name == typ {
				return fd
			}
		}
	}
	return nil
}

// GivenFileProblem says whether the given file name of the exercise was
// changed: the checks rely on what the course hands out there (a fake
// server, the tasks to measure). Comments and layout do not count; the code
// must be as shipped. It returns "" when it is, or when there is no shipped
// copy to compare with.
func GivenFileProblem(exercise, name string) string {
	shipped, ok := shipped()[name]
	if !ok {
		return ""
	}
	mine, ok := sources()[name]
	if !ok {
		return fmt.Sprintf("%s is gone from %s: it is given, and the checks rely on it. Put it back as shipped "+
			"(futurelings reset %s puts back the whole exercise, after keeping a copy of yours in .futurelings/backups)",
			name, exercise, exercise)
	}
	code := func(src string) string {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return src
		}
		var b bytes.Buffer
		if err := format.Node(&b, fset, f); err != nil {
			return src
		}
		return b.String()
	}
	if code(mine) == code(shipped) {
		return ""
	}
	return fmt.Sprintf("%s of %s was changed, and it is given: the checks rely on what it does as shipped, so a "+
		"change there can make them measure or see something else than your code. Undo the change (futurelings reset "+
		"%s puts back the whole exercise, after keeping a copy of yours in .futurelings/backups) and write what the "+
		"exercise asks for in the other files", name, exercise, exercise)
}

// GivenFuncsProblem says whether any of the named functions, given
// finished in the exercise's files, was changed (or removed): comments and
// layout aside, each must be as shipped. It returns "" when they are, or
// when there is no shipped copy to compare with.
func GivenFuncsProblem(exercise string, names ...string) string {
	decls := func(srcs map[string]string) map[string]string {
		out := map[string]string{}
		for name, src := range srcs {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || !has(names, fd.Name.Name) {
					continue
				}
				var b bytes.Buffer
				if format.Node(&b, fset, fd) == nil {
					out[fd.Name.Name] = b.String()
				}
			}
		}
		return out
	}
	shipped, mine := decls(shipped()), decls(sources())
	var changed []string
	for _, n := range names {
		if want, ok := shipped[n]; ok && mine[n] != want {
			changed = append(changed, n)
		}
	}
	if len(changed) == 0 {
		return ""
	}
	what, differs := changed[0]+" is", "yours differs"
	if len(changed) > 1 {
		what = strings.Join(changed[:len(changed)-1], ", ") + " and " + changed[len(changed)-1] + " are"
		differs = "yours differ"
	}
	return fmt.Sprintf("%s given finished in %s, and %s from the shipped code: the checks rely on it as shipped. "+
		"Put it back as it was, and write what the exercise asks for in the functions marked TODO", what, exercise, differs)
}
