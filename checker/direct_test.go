package checker_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/bundle"
)

// loggingGo writes a go command that notes each command it is asked for
// (its first two arguments) in log before it runs the real one.
func loggingGo(t *testing.T) (goCmd, log string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the logging go command is a shell script")
	}
	real, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	log = filepath.Join(dir, "log")
	goCmd = filepath.Join(dir, "go")
	script := "#!/bin/sh\necho \"$1 $2\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(goCmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return goCmd, log
}

// TestDirectBuildsAgreeWithTheGoCommand changes exercises as a learner
// would, after a check that learned how their programs are built: each
// check after a change must run no go test, and come to the verdict that
// a check built by the go command comes to, in every word. The exercises
// are one of each kind of check: polls and traces, a future that builds on
// an earlier exercise and checks read from its code, memory measured at
// run time, a timer and a thread, and vet.
func TestDirectBuildsAgreeWithTheGoCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("checks exercises with the go command")
	}
	goCmd, log := loggingGo(t)
	root := filepath.Join(t.TempDir(), "ws")
	if err := bundle.WriteWorkspace(root); err != nil {
		t.Fatal(err)
	}
	ws, err := checker.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	fast := checker.Options{Go: goCmd}
	for _, name := range []string{"ready", "add_slowly", "ten_thousand_tasks", "wake_later", "pinned"} {
		e, err := ws.Exercise(name)
		if err != nil {
			t.Fatal(err)
		}
		// What it builds on is solved first: a change there is a change
		// to the program's other packages, which needs the go command.
		for _, req := range e.Requires {
			r, _ := ws.Exercise(req)
			solve(t, ws, r, "")
		}
		check(t, ws, e, fast)
		if err := ws.Learn(context.Background(), e, fast); err != nil {
			t.Fatalf("%s: learning: %v", name, err)
		}
		for _, change := range []struct{ what, extra string }{
			{"its solution", ""},
			{"code that does not compile", "\nvar _ int = \"not an int\"\n"},
			{"its solution again, a line lower", "\n"},
		} {
			os.Remove(log)
			solve(t, ws, e, change.extra)
			got := check(t, ws, e, fast)
			if ran, _ := os.ReadFile(log); strings.Contains(string(ran), "test") {
				t.Errorf("%s, changed to %s: the check ran the go command: %s", name, change.what, ran)
			}
			want := check(t, ws, e, checker.Options{NoCache: true})
			if g, w := comparable(got), comparable(want); g != w {
				t.Errorf("%s, changed to %s:\nbuilt directly:\n%s\nbuilt by the go command:\n%s", name, change.what, g, w)
			}
		}
	}
}

// solve puts the exercise's reference solution in its folder, with extra
// added to the end of its first file.
func solve(t *testing.T, ws *checker.Workspace, e *checker.Exercise, extra string) {
	t.Helper()
	sol := filepath.Join("..", filepath.FromSlash(e.SolutionDir()))
	entries, err := os.ReadDir(sol)
	if err != nil {
		t.Fatal(err)
	}
	first := true
	for _, f := range entries {
		if !strings.HasSuffix(f.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(sol, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if first {
			data, first = append(data, extra...), false
		}
		if err := os.WriteFile(filepath.Join(ws.Path(e.Dir), f.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func check(t *testing.T, ws *checker.Workspace, e *checker.Exercise, opts checker.Options) *checker.Verdict {
	t.Helper()
	vs, err := ws.Check(context.Background(), checker.Targets([]*checker.Exercise{e}), opts)
	if err != nil {
		t.Fatalf("checking %s: %v", e.Name, err)
	}
	return vs[0]
}

// comparable is what a verdict says, without what changes from run to
// run: the figures the checks measured.
func comparable(v *checker.Verdict) string {
	lines := strings.Split(string(v.Status)+"\n"+verdictText(v), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "    ") { // a check's message
			lines[i] = figures.ReplaceAllString(l, "N")
		}
	}
	return strings.Join(lines, "\n")
}

var figures = regexp.MustCompile(`-?\d+(\.\d+)?`)
