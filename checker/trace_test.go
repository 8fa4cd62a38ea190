package checker_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker"
)

// sameAsCorrect is what a trace prints when a future polled exactly as a
// correct one does.
const sameAsCorrect = "a correct one does the same"

func repo(t *testing.T) *checker.Workspace {
	t.Helper()
	if testing.Short() {
		t.Skip("traces run the go command")
	}
	ws, err := checker.Open("..")
	if err != nil {
		t.Fatal(err)
	}
	// The checks' files go to a temporary folder, not into the clone.
	ws.State = t.TempDir()
	return ws
}

func traceText(tr *checker.Trace) string {
	v := tr.Verdict
	lines := append([]string{string(v.Status) + ": " + v.Summary}, v.Compiler...)
	lines = append(lines, v.Details...)
	return strings.Join(append(lines, tr.Lines...), "\n")
}

// Every trace says that the reference solution, and every other correct
// solution kept beside the checks, polls as a correct future does: the
// trace's idea of correct is right and does not depend on style.
func TestTraceOfCorrectSolutions(t *testing.T) {
	ws := repo(t)
	traced := ws.Traced()
	if len(traced) == 0 {
		t.Fatal("no exercise has a trace")
	}
	for _, name := range traced {
		e, _ := ws.Exercise(name)
		targets := ws.SolutionTargets([]*checker.Exercise{e})
		goods, _ := filepath.Glob(filepath.Join(ws.Root, "checker", "hidden", "testdata", name, "variants", "good_*"))
		for _, g := range goods {
			targets = append(targets, ws.VariantTarget(e, g))
		}
		for _, target := range targets {
			t.Run(name+"/"+filepath.Base(target.Shown), func(t *testing.T) {
				tr, err := ws.TraceTarget(context.Background(), target, checker.Options{})
				if err != nil {
					t.Fatal(err)
				}
				text := traceText(tr)
				if !tr.OK() {
					t.Fatalf("the trace did not run to its end:\n%s", text)
				}
				wantSame := 0 // one per future traced, each under a title
				for _, l := range tr.Lines {
					if strings.HasSuffix(l, ":") && !strings.HasPrefix(l, " ") {
						wantSame++
					}
				}
				if got := strings.Count(text, sameAsCorrect); got != wantSame || got == 0 {
					t.Errorf("want %q for each of the %d futures traced:\n%s", sameAsCorrect, wantSame, text)
				}
			})
		}
	}
}

// The shipped exercises are wrong, and their traces run and show it.
func TestTraceOfShippedExercises(t *testing.T) {
	ws := repo(t)
	out, err := exec.Command("git", "-C", ws.Root, "status", "--porcelain", "--", "exercises").Output()
	if err == nil && len(strings.TrimSpace(string(out))) > 0 {
		t.Skip("exercises/ has uncommitted changes (a learner's work?), so they may not be the shipped ones:\n" + string(out))
	}
	for _, name := range ws.Traced() {
		e, _ := ws.Exercise(name)
		tr, err := ws.Trace(context.Background(), e, checker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		text := traceText(tr)
		if !tr.OK() {
			t.Errorf("%s: the trace of the shipped exercise did not run to its end:\n%s", name, text)
			continue
		}
		if !strings.Contains(text, "a correct one does this instead:") {
			t.Errorf("%s: the trace of the shipped exercise does not show what a correct one does:\n%s", name, text)
		}
	}
}

func TestTraceOfCodeThatDoesNotCompile(t *testing.T) {
	ws := repo(t)
	e, _ := ws.Exercise("add_slowly")
	broken := filepath.Join(t.TempDir(), "add_slowly.go")
	os.WriteFile(broken, []byte("package addslowly\n\nfunc NewAddSlowly(a, b uint32) int { return nope }\n"), 0o644)
	target := checker.Target{Exercise: e, Dir: e.Dir, Replace: map[string]string{"add_slowly.go": broken}}
	tr, err := ws.TraceTarget(context.Background(), target, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.OK() || tr.Verdict.Status != checker.CompileError {
		t.Fatalf("want a compile error, got:\n%s", traceText(tr))
	}
	text := traceText(tr)
	for _, want := range []string{"nothing to trace yet", "undefined: nope"} {
		if !strings.Contains(text, want) {
			t.Errorf("the verdict does not say %q:\n%s", want, text)
		}
	}
}

func TestTraceOfAnExerciseWithoutOne(t *testing.T) {
	ws := repo(t)
	e, _ := ws.Exercise("poll_to_completion")
	_, err := ws.Trace(context.Background(), e, checker.Options{})
	var nt *checker.NoTraceError
	if !errors.As(err, &nt) {
		t.Fatalf("got %v, want a NoTraceError", err)
	}
	if !strings.Contains(err.Error(), "nothing to trace for poll_to_completion") || !strings.Contains(err.Error(), "add_slowly") {
		t.Errorf("message: %v", err)
	}
}
