package checker

import (
	"bytes"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/futurelings/futurelings/checker/harness"
)

// importVerdict refuses, before anything is built, a target whose code
// reaches memory around Go's types (see memoryProblems), or imports a
// package the checks cannot vouch for: one from outside the
// standard library and the course's module, or one of the module whose
// import path comes before the checks' reporter. Go initialises packages
// in import-path order as soon as what they import is initialised, so
// such a package, importing only what the reporter imports, would start
// first and could take the key meant for the reporter (see package
// harness). Every package of the module the target reaches is read, from
// the files the build would compile.
func (w *Workspace) importVerdict(t Target, module string) *Verdict {
	ctx := build.Default
	seen := map[string]bool{t.Dir: true}
	queue := []string{t.Dir}
	var problems, memory []string
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		files := w.buildFiles(t, dir)
		if dir != coreDir {
			memory = append(memory, foreignSourceProblems(w.Path(dir), dir)...)
		}
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			src := files[name]
			data, err := os.ReadFile(src)
			if err != nil {
				continue // the go command will say what is wrong
			}
			ctx.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
			if ok, err := ctx.MatchFile(w.Path(dir), name); err != nil || !ok {
				continue
			}
			fset := token.NewFileSet()
			shown := path.Join(dir, name)
			f, err := parser.ParseFile(fset, shown, data, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				continue // a syntax error: the compiler says it better
			}
			if dir != coreDir { // the checks build with the course's own core
				memory = append(memory, memoryProblems(fset, f, shown)...)
			}
			for _, spec := range f.Imports {
				p, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					continue
				}
				rel, inModule := moduleRel(module, p)
				why := ""
				switch {
				case p == "C" || isStd(p):
					continue
				case !inModule:
					why = "which is not part of the course: the checks build exercises with the standard library and the course's own packages only"
				case rel == harness.Dir || strings.HasPrefix(rel, harness.Dir+"/"):
					why = "which belongs to the checks: an exercise's code cannot use it"
				case rel < harness.Dir:
					why = "which Go would start before the checks: a package at the top of the module, or in a folder whose name starts with '.' or '-', comes first in Go's order of initialisation; move it under exercises/"
				default:
					if !seen[rel] && isDir(w.Path(rel)) {
						seen[rel] = true
						queue = append(queue, rel)
					}
					continue
				}
				pos := fset.Position(spec.Pos())
				problems = append(problems, fmt.Sprintf("%s:%d:%d: imports %s, %s", shown, pos.Line, pos.Column, p, why))
			}
		}
	}
	summary := "it imports a package the checks do not build"
	switch {
	case len(memory) > 0 && len(problems) == 0:
		summary = "it reaches memory around Go's types, which the checks do not build"
	case len(memory) > 0:
		summary = "it imports a package the checks do not build, and reaches memory around Go's types"
	case len(problems) == 0:
		return nil
	}
	return &Verdict{Exercise: t.Exercise, Dir: t.Dir, Status: CompileError,
		Summary:  summary,
		Compiler: append(problems, memory...)}
}

// buildFiles returns the non-test Go files the build compiles in the
// module folder dir, by name, each with the file that stands in for it:
// the folder's own, with the target's replacements laid over.
func (w *Workspace) buildFiles(t Target, dir string) map[string]string {
	files := map[string]string{}
	for _, f := range goFiles(w.Path(dir)) {
		files[f] = filepath.Join(w.Path(dir), f)
	}
	for name, src := range t.Replace {
		p := path.Clean(path.Join(t.Dir, filepath.ToSlash(name)))
		if path.Dir(p) != dir || strings.HasSuffix(p, "_test.go") || !strings.HasSuffix(p, ".go") {
			continue
		}
		if src == "" {
			delete(files, path.Base(p))
		} else {
			files[path.Base(p)] = src
		}
	}
	return files
}

// moduleRel returns the folder of a package of the module, relative to the
// module root ("" for the root itself), and whether p is in the module.
func moduleRel(module, p string) (string, bool) {
	if p == module {
		return "", true
	}
	rel, ok := strings.CutPrefix(p, module+"/")
	return rel, ok
}

// isStd reports whether p is a standard library path: the go command looks
// for a path whose first element has no dot only in GOROOT.
func isStd(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}
