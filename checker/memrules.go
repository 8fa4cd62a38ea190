package checker

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// The reporter's key lives in the test program's memory, which Go's types
// keep out of reach of ordinary code. These are the ways Go offers around
// them, short of changing the toolchain; an exercise may use none of them,
// and the verdict says which line does, before anything is built.
var (
	// unsafeAllowed are the parts of package unsafe that only compute a
	// number from a type, at compile time, and read no memory.
	unsafeAllowed = map[string]bool{"Sizeof": true, "Alignof": true, "Offsetof": true}
	// memoryCalls are, by package, the functions that read or write memory
	// by address, or dump it.
	memoryCalls = map[string]map[string]bool{
		"runtime/debug": {"WriteHeapDump": true},
		// Raw system calls take addresses as plain numbers. (Reading
		// another process, futurelings' own, with ptrace is the sandbox's
		// to refuse, on Linux; see package inproc.)
		"syscall": {"Syscall": true, "Syscall6": true, "Syscall9": true, "RawSyscall": true,
			"RawSyscall6": true, "RawSyscallNoError": true, "AllThreadsSyscall": true,
			"AllThreadsSyscall6": true},
		"reflect": {"NewAt": true, "SliceAt": true},
	}
	// memoryMethods are methods of reflect.Value that hand out an address
	// as an unsafe.Pointer, found by name since their receiver's type is
	// not known without type-checking.
	memoryMethods = map[string]bool{"UnsafePointer": true, "UnsafeAddr": true}
	// foreignSources are files the go command would assemble or link in
	// beside the Go code.
	foreignSources = []string{".s", ".S", ".sx", ".syso"}
)

const memoryWhy = "which can reach memory that Go's types keep out of reach, where the checks hold the key they sign their results with; no exercise needs it"

// memoryProblems lists, as "file:line:col: uses X, which ...", the places
// in f that reach memory around Go's types.
func memoryProblems(fset *token.FileSet, f *ast.File, shown string) []string {
	var out []string
	at := func(p token.Pos, what string) {
		pos := fset.Position(p)
		out = append(out, fmt.Sprintf("%s:%d:%d: uses %s, %s", shown, pos.Line, pos.Column, what, memoryWhy))
	}
	names := map[string]string{} // the import path of each name the file gives a package
	var dotted []string          // the packages imported with "."
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := path.Base(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if p == "unsafe" && (name == "_" || name == ".") {
			at(spec.Pos(), "package unsafe imported as "+name)
		}
		if name == "." {
			dotted = append(dotted, p)
		}
		names[name] = p
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:linkname") {
				at(c.Pos(), "//go:linkname")
			}
		}
	}
	selected := map[*ast.Ident]bool{} // names after a dot, which a dot import does not supply
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !selected[id] {
			// A dot import lets the file call what it brings in unqualified.
			for _, p := range dotted {
				if memoryCalls[p][id.Name] {
					at(id.Pos(), p+"."+id.Name)
				}
			}
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		selected[sel.Sel] = true
		if memoryMethods[sel.Sel.Name] {
			at(sel.Sel.Pos(), "the method "+sel.Sel.Name)
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch p := names[x.Name]; {
		case p == "unsafe" && !unsafeAllowed[sel.Sel.Name]:
			at(sel.Pos(), "unsafe."+sel.Sel.Name)
		case memoryCalls[p][sel.Sel.Name]:
			at(sel.Pos(), p+"."+sel.Sel.Name)
		}
		return true
	})
	return out
}

// foreignSourceProblems lists the files in dir that the go command would
// assemble or link in beside the Go code.
func foreignSourceProblems(dir, shown string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		for _, ext := range foreignSources {
			if !e.IsDir() && filepath.Ext(e.Name()) == ext {
				out = append(out, fmt.Sprintf("%s: a %s file, which the go command would build in beside the Go code and which "+
					"can reach any memory, the checks' key included; the exercises are Go only", path.Join(shown, e.Name()), ext))
			}
		}
	}
	return out
}
