package rules_test

// Helpers for checks that read how the code is written. futurelings hands
// this file out with every exercise's checks, in their package, so it is
// written once here. They read the package's sources as compiled
// (flPackageSources, generated for each check), never the disk, and
// ignore comments: a rule is about code, not about what a comment says.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"
)

// flSyntax parses every non-test Go file of the package under check, in
// name order, without comments. A file that does not parse is left out: the
// compiler has already accepted what the checks run on.
func flSyntax() (*token.FileSet, []*ast.File) {
	fset := token.NewFileSet()
	srcs := flPackageSources()
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

// flImportName returns the name file f uses for the package at importPath,
// or "" when it does not import it.
func flImportName(f *ast.File, importPath string) string {
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

// flUse is one place the code refers to something a rule is about.
type flUse struct {
	At   string // file:line
	What string // as written, e.g. core.Async
}

func (u flUse) String() string { return u.What + " at " + u.At }

// flRefs returns every place the package refers to one of names from the
// package at importPath (all of its names when none are given).
func flRefs(importPath string, names ...string) []flUse {
	fset, files := flSyntax()
	var uses []flUse
	for _, f := range files {
		local := flImportName(f, importPath)
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
			if len(names) == 0 || flRulesHas(names, sel.Sel.Name) {
				uses = append(uses, flUse{At: flPos(fset, sel.Pos()), What: local + "." + sel.Sel.Name})
			}
			return true
		})
		if local == "." && len(names) > 0 {
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && flRulesHas(names, id.Name) {
					uses = append(uses, flUse{At: flPos(fset, id.Pos()), What: id.Name})
				}
				return true
			})
		}
	}
	return uses
}

// flImporters returns where the package imports importPath.
func flImporters(importPath string) []flUse {
	fset, files := flSyntax()
	var uses []flUse
	for _, f := range files {
		for _, im := range f.Imports {
			if p, err := strconv.Unquote(im.Path.Value); err == nil && p == importPath {
				uses = append(uses, flUse{At: flPos(fset, im.Pos()), What: "import " + im.Path.Value})
			}
		}
	}
	return uses
}

// flGoStatements returns every go statement: a future that starts a
// goroutine keeps its state on that goroutine's stack, not in its fields.
func flGoStatements() []flUse {
	fset, files := flSyntax()
	var uses []flUse
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				uses = append(uses, flUse{At: flPos(fset, g.Pos()), What: "a go statement"})
			}
			return true
		})
	}
	return uses
}

// flHandWrittenProblem says what, if anything, keeps the package's future
// from being a state machine written by hand: core.Async or core.Await, a
// coroutine of its own (iter.Pull), or a goroutine. Each of those keeps the
// future's progress on a stack instead of in the states the exercise is
// about. It returns "" when there is none.
func flHandWrittenProblem(exercise string) string {
	var uses []flUse
	uses = append(uses, flRefs("github.com/futurelings/futurelings/core", "Async", "Await")...)
	uses = append(uses, flRefs("iter", "Pull", "Pull2")...)
	uses = append(uses, flGoStatements()...)
	if len(uses) == 0 {
		return ""
	}
	return fmt.Sprintf("%s uses %s. %s asks for the state machine itself, written by hand, the way "+
		"Rust's compiler writes one from an async fn: each state a value that holds what the rest of the "+
		"function still needs. core.Async, a coroutine or a goroutine would keep that on a stack instead, "+
		"out of sight, which is the very thing this exercise is here to make visible "+
		"(and it costs a whole goroutine stack per future, as ten_thousand_tasks measures)",
		exercise, flList(uses), exercise)
}

// flList joins uses into "a at f:1, b at f:2 and c at f:3".
func flList(uses []flUse) string {
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

func flRulesHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func flPos(fset *token.FileSet, p token.Pos) string {
	pos := fset.Position(p)
	return fmt.Sprintf("%s:%d", pos.Filename, pos.Line)
}

// flSyncMethods are the methods through which goroutines share memory
// safely: those of sync.Mutex, sync.RWMutex, sync.Cond, sync.Map and the
// sync/atomic types. (Add is left out: time.Time has one too.)
var flSyncMethods = []string{"Lock", "RLock", "TryLock", "TryRLock", "Wait", "Signal", "Broadcast",
	"Load", "Store", "Swap", "CompareAndSwap", "LoadOrStore", "LoadAndDelete"}

// flSyncUses returns where the code in body, or in the package's own
// functions and methods it calls (however deep), synchronizes with other
// goroutines: a call of one of flSyncMethods, of package sync/atomic, a
// channel operation, a select or a close. It reads names only, not types,
// so it says whether any synchronization is there at all, not whether it
// is right. A function literal in body counts as called, and so does body
// itself when it is a function value (t.wake).
func flSyncUses(fset *token.FileSet, files []*ast.File, body ast.Node) []flUse {
	funcs := map[string][]*ast.FuncDecl{} // by name; methods of every type under their own name
	atomics := map[string]bool{}
	for _, f := range files {
		if n := flImportName(f, "sync/atomic"); n != "" && n != "_" {
			atomics[n] = true
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				funcs[fd.Name.Name] = append(funcs[fd.Name.Name], fd)
			}
		}
	}
	var uses []flUse
	seen := map[*ast.FuncDecl]bool{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SendStmt:
				uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: "a channel send"})
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: "a channel receive"})
				}
			case *ast.SelectStmt:
				uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: "a select"})
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
					if name == "close" {
						uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: "close"})
					}
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok && atomics[x.Name] {
						uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: x.Name + "." + name})
					} else if flRulesHas(flSyncMethods, name) {
						uses = append(uses, flUse{At: flPos(fset, n.Pos()), What: "." + name + "()"})
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

// flMethodDecl returns the declaration of method name on type typ (with a
// pointer or a value receiver), or nil.
func flMethodDecl(files []*ast.File, typ, name string) *ast.FuncDecl {
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
