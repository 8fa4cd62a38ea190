package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker/bundle"
)

// TestResetAndInitIgnoreTheLearnersEdits builds futurelings from a copy of
// the repository in which an exercise has been edited, as a learner's clone
// would be, and shows that reset and init still write the shipped file: the
// binary carries its own copy of the course, not whatever exercises/ held
// when it was built.
func TestResetAndInitIgnoreTheLearnersEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds futurelings with the go command")
	}
	const exercise = "exercises/2_state_machines/yield_once/yield_once.go"
	shipped, err := bundle.Read(exercise)
	if err != nil {
		t.Fatal(err)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	if err := copyRepo(filepath.Join("..", ".."), clone); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(clone, filepath.FromSlash(exercise))
	attempt := "package yieldonce\n\n// my attempt, saved before building\n"
	writeText(t, edited, attempt)

	bin := filepath.Join(t.TempDir(), "futurelings")
	build := exec.Command("go", "build", "-o", bin, "./cmd/futurelings")
	build.Dir = clone
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building futurelings from the copy: %v\n%s", err, out)
	}

	out := runBin(t, bin, "-C", clone, "reset", "yield_once")
	if got := readText(t, edited); got != string(shipped) {
		t.Errorf("after reset, %s is not the shipped file:\n%s", exercise, got)
	}
	backup := filepath.Join(clone, ".futurelings", "backups")
	matches, _ := filepath.Glob(filepath.Join(backup, "yield_once-*", "yield_once.go"))
	if len(matches) != 1 || readText(t, matches[0]) != attempt {
		t.Errorf("the backup does not hold the edited file (%v); reset said:\n%s", matches, out)
	}

	ws := filepath.Join(t.TempDir(), "ws")
	runBin(t, bin, "init", ws)
	if got := readText(t, filepath.Join(ws, filepath.FromSlash(exercise))); got != string(shipped) {
		t.Errorf("init wrote an edited %s:\n%s", exercise, got)
	}
}

func runBin(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("futurelings %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeText(t *testing.T, p, text string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readText(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// copyRepo copies the module at src to dst, without version control and
// futurelings state.
func copyRepo(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".futurelings") {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
