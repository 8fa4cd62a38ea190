package checker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/futurelings/futurelings/checker/gotest"
)

// buildEnv is the go command's environment for building the checks. The
// learner's Go settings are honoured except those that would change what
// a check is: GOFLAGS (a -toolexec or -overlay there would rewrite the
// build), a go.work that pulls in other modules, modules turned off, and
// cgo, whose C code runs before any Go code and so before the checks'
// reporter (see package harness).
func buildEnv(extra []string) []string {
	env := append(os.Environ(), extra...)
	env = append(env,
		"GOFLAGS=-mod=readonly",
		"GOWORK=off",
		"GO111MODULE=on",
		"CGO_ENABLED=0",
	)
	if !hasVar(env, "GOGC") {
		// The compiler and the linker spend much of a check's build in
		// their garbage collector; at a quarter of the collections a
		// check's build is about a sixth faster, for memory that is small
		// beside what a machine that runs Go has. A GOGC of the user's own
		// is left as it is.
		env = append(env, "GOGC="+buildGOGC)
		if !hasVar(env, "GOMEMLIMIT") {
			// ... and a limit keeps the few big packages of a first build
			// from growing for want of a collection.
			env = append(env, "GOMEMLIMIT="+buildMemLimit)
		}
	}
	return env
}

// buildGOGC and buildMemLimit are what the toolchain builds checks with,
// unless the user set GOGC.
const (
	buildGOGC     = "400"
	buildMemLimit = "384MiB"
)

func hasVar(env []string, name string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, name+"=") {
			return true
		}
	}
	return false
}

// programEnv is a test program's environment: the learner's, less
// anything of futurelings' own that a program could use to pass for the
// checks, plus full stack dumps so that a crash or a timeout shows where.
func programEnv(extra []string) []string {
	var env []string
	for _, kv := range append(os.Environ(), extra...) {
		if strings.HasPrefix(kv, "FUTURELINGS_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOTRACEBACK=all")
}

// environmentVerdict names a problem of the workspace that no code of the
// learner's exercise could fix, before anything is built: a go.mod that
// makes the exercise's folder (or one above it) a module of its own.
func (w *Workspace) environmentVerdict(t Target) *Verdict {
	for dir := t.Dir; dir != "." && dir != "" && dir != "/"; dir = filepath.ToSlash(filepath.Dir(dir)) {
		if isFile(filepath.Join(w.Path(dir), "go.mod")) {
			return &Verdict{Exercise: t.Exercise, Dir: t.Dir, Status: CompileError,
				Summary: fmt.Sprintf("%s/go.mod makes %s a module of its own, out of the course's reach: delete that go.mod (the course's own is the one at the top)", dir, dir)}
		}
	}
	return nil
}

// explainBuildError turns a go command that could not start building into
// a sentence about its cause.
func explainBuildError(err error) error {
	if err == nil {
		return nil
	}
	var ee *gotest.EnvError
	if !errors.As(err, &ee) {
		return err
	}
	if goos := os.Getenv("GOOS"); goos != "" && goos != runtime.GOOS {
		return fmt.Errorf("%w\nGOOS=%s is set, so the checks would be built for another system: unset it", err, goos)
	}
	return err
}

// moduleProblem refuses a go.mod that replaces modules: a replaced module's
// packages could come before the checks' reporter when the test program
// starts (see package harness), and the course needs none.
func (w *Workspace) moduleProblem() error {
	data, err := os.ReadFile(filepath.Join(w.Root, "go.mod"))
	if err != nil {
		return err
	}
	for i, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "//")
		if f := strings.Fields(line); len(f) > 0 && f[0] == "replace" {
			return fmt.Errorf("go.mod:%d replaces a module; the checks build the course's module as it is: remove the replace directive", i+1)
		}
	}
	return nil
}
