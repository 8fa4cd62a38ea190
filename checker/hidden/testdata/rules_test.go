package rules_test

// The checks that read how an exercise's code is written call the helpers
// of package rules (checker/hidden/rules), which futurelings lays over the
// module at 0/rules: compiled once, it stays in Go's build cache, so that a
// check rebuilt after a save compiles only the exercise's own checks. These
// forwarders, handed out with every exercise's checks, keep the names the
// checks use, and hand the rules the sources of the package under check.

import (
	"go/ast"
	"go/token"

	flrules "github.com/futurelings/futurelings/0/rules"
)

func init() { flrules.SetSources(flPackageSources, flShippedSources) }

// flUse is one place the code refers to something a rule is about.
type flUse = flrules.Use

// flSyncMethods are the methods through which goroutines share memory
// safely.
var flSyncMethods = flrules.SyncMethods

func flSyntax() (*token.FileSet, []*ast.File) { return flrules.Syntax() }

func flImportName(f *ast.File, importPath string) string { return flrules.ImportName(f, importPath) }

func flRefs(importPath string, names ...string) []flUse { return flrules.Refs(importPath, names...) }

func flImporters(importPath string) []flUse { return flrules.Importers(importPath) }

func flImportersOf(prefix string) []flUse { return flrules.ImportersOf(prefix) }

func flGoroutines() []flUse { return flrules.Goroutines() }

func flPackageVarWrites() []flUse { return flrules.PackageVarWrites() }

func flGlobalStateProblem(exercise, what string) string {
	return flrules.GlobalStateProblem(exercise, what)
}

func flHandWrittenProblem(exercise string) string { return flrules.HandWrittenProblem(exercise) }

func flList(uses []flUse) string { return flrules.List(uses) }

func flPos(fset *token.FileSet, p token.Pos) string { return flrules.Pos(fset, p) }

func flSyncUses(fset *token.FileSet, files []*ast.File, body ast.Node) []flUse {
	return flrules.SyncUses(fset, files, body)
}

func flMethodDecl(files []*ast.File, typ, name string) *ast.FuncDecl {
	return flrules.MethodDecl(files, typ, name)
}

func flGivenFileProblem(exercise, name string) string {
	return flrules.GivenFileProblem(exercise, name)
}

func flGivenFuncsProblem(exercise string, names ...string) string {
	return flrules.GivenFuncsProblem(exercise, names...)
}
