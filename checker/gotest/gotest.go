// Package gotest builds test programs with the go command and runs them
// itself. It knows nothing about exercises: it reports facts, and the
// checker turns them into verdicts.
//
// Building and running are two steps. Build compiles every package's test
// program in one "go test -c" run, with files swapped in through -overlay,
// so that the packages compile in parallel and unchanged ones come from the
// build cache; a program that is already up to date is not linked again.
// Learn asks go list how a program is built, and the Recipe it returns
// builds the program again after a change to the package's own files with
// the compiler and the linker alone (Rebuild).
// Exec then runs one program: futurelings, not the go command, owns its
// time limit, its process group, the cap on its output and the reading of
// that output, so nothing the program does to its own flags, signals or
// output can stretch or fake a run.
package gotest

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Package is one package to build a test program for.
type Package struct {
	// Dir is the package's folder, slash-separated, relative to the root.
	Dir string
	// Overlay maps a file name inside Dir to the file on disk that stands in
	// for it. An empty source deletes the file from the build.
	Overlay map[string]string
}

// Defaults for zero option fields.
const (
	DefaultTimeout    = 10 * time.Second
	DefaultMaxOutput  = 64 << 10
	DefaultFloodLimit = 8 << 20
	// buildLimit is how long compiling may take before the build is stopped.
	buildLimit = 5 * time.Minute
)

// Result is what happened to one package: its build, then its run.
type Result struct {
	Dir        string
	ImportPath string

	// Binary is the test program, or "" when it was not built.
	Binary string
	stamp  string // what the binary looked like right after the build
	// BuildFailed is true when the package, its tests or one of its
	// dependencies did not compile. FailedImport names what failed and
	// BuildOutput holds the compiler's lines (paths relative to the root).
	BuildFailed  bool
	FailedImport string
	BuildOutput  []string

	Tests []*Test // in the order they started

	Output   string // output not tied to a test (head and tail, capped)
	Dropped  int    // bytes of output dropped by the cap
	Elapsed  time.Duration
	ExitCode int    // the program's exit status; -1 when killed by a signal
	Signal   string // the signal that ended it, if one did
	Ended    bool   // the program printed the test framework's final PASS or FAIL
	StartErr error  // the program could not be started at all

	TimedOut bool   // it ran past its time limit
	Running  string // the test that was running then, if the program said
	Panic    string // the first "panic: ..." line, if the program panicked
	Fatal    string // a runtime fatal error: "stack overflow", "concurrent map writes"...
	Frames   []string
	InInit   bool // the first frame in the learner's code is in an init
	Flooded  bool // killed because its output passed the flood limit
	Killed   bool // stopped because the context ended
}

// Test is what the output said about one test function. The checker takes
// a check's status from the signed results, never from this: a program's
// output can say anything.
type Test struct {
	Name    string
	Action  string // pass, fail, skip, or "" when it never finished
	Output  []string
	Elapsed time.Duration
	dropped bool
	bytes   int
}

// Test returns what the output said about the named test, or nil.
func (r *Result) Test(name string) *Test {
	for _, t := range r.Tests {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// modulePath reads the module line of root/go.mod.
func modulePath(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("reading go.mod: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok {
			if m := strings.Trim(strings.TrimSpace(rest), `"`); m != "" {
				return m, nil
			}
		}
	}
	return "", fmt.Errorf("%s has no module line", filepath.Join(root, "go.mod"))
}

// ModulePath returns the module path declared in root/go.mod.
func ModulePath(root string) (string, error) { return modulePath(root) }

// relative makes a path inside root relative to it.
func relative(root, path string) (string, bool) {
	rel, err := filepath.Rel(root, filepath.FromSlash(path))
	if err != nil || strings.HasPrefix(rel, "..") || filepath.IsAbs(rel) {
		return path, false
	}
	return filepath.ToSlash(rel), true
}

func seconds(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// Stamp identifies what the file at path holds now, cheaply (see
// stampOf): equal stamps mean it was not written to in between.
func Stamp(path string) string { return stampOf(path) }

// Built returns the Result of a package whose test program a previous
// build left at binary, which stamp identifies as it was then. It is nil
// when the program is missing or has changed since.
func Built(root, dir, binary, stamp string) *Result {
	if stamp == "" || stampOf(binary) != stamp {
		return nil
	}
	module, err := modulePath(root)
	if err != nil {
		return nil
	}
	dir = filepath.ToSlash(filepath.Clean(filepath.FromSlash(dir)))
	return &Result{Dir: dir, ImportPath: module + "/" + dir, Binary: binary, stamp: stamp}
}

// BinaryName is the file name Build gives the test program of dir.
func BinaryName(dir string) string { return path.Base(filepath.ToSlash(dir)) + ".test" }
