// Package hidden holds the checks behind every exercise: ordinary Go test
// files, kept in testdata/<exercise name>/ so that the repository's own
// builds and tests ignore them, and embedded in the binary so that a learner's
// workspace needs no copy.
//
// The runner injects them into the exercise's package with go test -overlay;
// nothing is written into the learner's folder. Every top-level TestXxx
// function in a check file is one check, and an exercise passes only when
// each of them reports pass.
//
// A file named trace_test.go is not a check: "futurelings trace" runs it to
// print the poll-by-poll trace of the learner's future. The helpers every
// trace uses live once, in testdata/tracing_test.go, and are handed out with
// each trace in the package of the exercise. Likewise testdata/rules_test.go
// goes with every exercise's checks: forwarders to package rules (see
// Rules), the helpers that read how the code is written.
package hidden

import (
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

//go:embed testdata/*_test.go testdata/*/*_test.go
var files embed.FS

//go:embed rules/rules.go
var rulesPkg embed.FS

// RulesDir is where the checks find package rules (see its doc), relative
// to the workspace's module: beside the checks' reporter, and like it no
// package an exercise may import.
const RulesDir = "0/rules"

// Rules returns the Go files of package rules, by name.
func Rules() map[string][]byte {
	data, _ := rulesPkg.ReadFile("rules/rules.go")
	return map[string][]byte{"rules.go": data}
}

// TraceFile is the name of the file that "futurelings trace" runs.
const TraceFile = "trace_test.go"

// tracingFile holds the helpers shared by every trace file.
const tracingFile = "tracing_test.go"

// rulesFile holds the helpers that checks use to read how the learner's
// code is written; it goes with every exercise's checks.
const rulesFile = "rules_test.go"

// File is one hidden test file.
type File struct {
	Name  string   // base name, e.g. check_test.go
	Data  []byte   // its source
	Tests []string // the TestXxx functions it declares, in source order
}

// Set is the hidden material of one exercise.
type Set struct {
	Exercise string
	Checks   []File // the check files, sorted by name
	Trace    *File  // the trace file, or nil
	// Tracing is the shared trace helpers, in the trace file's package;
	// nil when there is no trace.
	Tracing *File
}

// Package returns the package name the check files declare.
func (s *Set) Package() string {
	f, err := parser.ParseFile(token.NewFileSet(), s.Checks[0].Name, s.Checks[0].Data, parser.PackageClauseOnly)
	if err != nil {
		return ""
	}
	return f.Name.Name
}

// Tests returns the names of every check, in file and source order.
func (s *Set) Tests() []string {
	var names []string
	for _, f := range s.Checks {
		names = append(names, f.Tests...)
	}
	return names
}

var (
	mu    sync.Mutex
	cache = map[string]*Set{}
)

// For returns the hidden checks of the exercise called name. It fails when
// there are none, or when a file declares no test.
func For(name string) (*Set, error) {
	mu.Lock()
	defer mu.Unlock()
	if s, ok := cache[name]; ok {
		return s, nil
	}
	s, err := load(name)
	if err != nil {
		return nil, err
	}
	cache[name] = s
	return s, nil
}

func load(name string) (*Set, error) {
	dir := path.Join("testdata", name)
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil, fmt.Errorf("no hidden checks for exercise %q: add them in checker/hidden/%s/ and rebuild futurelings", name, dir)
	}
	s := &Set{Exercise: name}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		data, err := fs.ReadFile(files, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		tests, err := testFuncs(e.Name(), data)
		if err != nil {
			return nil, fmt.Errorf("hidden checks of %q: %w", name, err)
		}
		f := File{Name: e.Name(), Data: data, Tests: tests}
		if e.Name() == TraceFile {
			s.Trace = &f
			continue
		}
		if len(tests) == 0 {
			return nil, fmt.Errorf("hidden checks of %q: %s declares no TestXxx function", name, e.Name())
		}
		s.Checks = append(s.Checks, f)
	}
	if len(s.Checks) == 0 {
		return nil, fmt.Errorf("no hidden checks for exercise %q: checker/hidden/%s/ has no *_test.go file", name, dir)
	}
	if s.Trace != nil {
		helpers, err := tracing(s.Trace)
		if err != nil {
			return nil, fmt.Errorf("hidden trace of %q: %w", name, err)
		}
		s.Tracing = helpers
	}
	sort.Slice(s.Checks, func(i, j int) bool { return s.Checks[i].Name < s.Checks[j].Name })
	rules, err := shared(rulesFile, &s.Checks[0])
	if err != nil {
		return nil, fmt.Errorf("hidden checks of %q: %w", name, err)
	}
	s.Checks = append(s.Checks, *rules)
	return s, nil
}

// Exercises lists every exercise name that has hidden checks.
func Exercises() []string {
	entries, _ := fs.ReadDir(files, "testdata")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// testFuncs lists the top-level func TestXxx(t *testing.T) in a test file,
// the same way go test finds them.
func testFuncs(name string, src []byte) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !isTestName(fn.Name.Name) {
			continue
		}
		if fn.Type.Params == nil || len(fn.Type.Params.List) != 1 {
			continue
		}
		names = append(names, fn.Name.Name)
	}
	return names, nil
}

// isTestName follows go test: Test, then nothing or a non-lowercase rune.
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok {
		return false
	}
	return rest == "" || !(rest[0] >= 'a' && rest[0] <= 'z')
}

var packageRE = regexp.MustCompile(`(?m)^package \w+\r?$`)

// tracing returns the shared trace helpers with the package clause of the
// given trace file, so that both compile into the same test package.
func tracing(trace *File) (*File, error) {
	return shared(tracingFile, trace)
}

// shared returns the shared helper file name with the package clause of
// the file beside, so that both compile into the same test package.
func shared(name string, beside *File) (*File, error) {
	f, err := parser.ParseFile(token.NewFileSet(), beside.Name, beside.Data, parser.PackageClauseOnly)
	if err != nil {
		return nil, err
	}
	data, err := fs.ReadFile(files, path.Join("testdata", name))
	if err != nil {
		return nil, err
	}
	loc := packageRE.FindIndex(data)
	if loc == nil {
		return nil, fmt.Errorf("%s has no package clause", name)
	}
	out := append([]byte{}, data[:loc[0]]...)
	out = append(out, "package "+f.Name.Name...)
	out = append(out, data[loc[1]:]...)
	return &File{Name: name, Data: out}, nil
}
