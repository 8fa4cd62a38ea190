package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/hidden"
)

// The benchmarks here measure what the checker adds to the Go toolchain's
// own time, with the real binary on a real workspace:
//
//	go test -run '^$' -bench 'Checker' -benchtime 10x ./cmd/futurelings/
//
// Each reports the median wall time of both sides and the ratio.

// benchWorkspace builds the binary and lays out a workspace for it.
func benchWorkspace(b *testing.B) (bin, ws string, env []string) {
	b.Helper()
	dir := b.TempDir()
	bin = filepath.Join(dir, "futurelings")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("building futurelings: %v\n%s", err, out)
	}
	ws = filepath.Join(dir, "ws")
	if err := os.Mkdir(ws, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := copyWorkspace(ws); err != nil {
		b.Fatal(err)
	}
	env = append(os.Environ(), "NO_COLOR=1", "GOFLAGS=-mod=mod", "GOPROXY=off")
	return bin, ws, env
}

// rawArgs are the arguments of the plain go test run that checks the named
// exercises with the same hidden checks, laid over the same packages: what
// a learner would run by hand without futurelings.
func rawArgs(b *testing.B, ws string, names ...string) []string {
	b.Helper()
	w, err := checker.Open(ws)
	if err != nil {
		b.Fatal(err)
	}
	replace := map[string]string{}
	var tests, dirs []string
	files := b.TempDir()
	for _, name := range names {
		set, err := hidden.For(name)
		if err != nil {
			b.Fatal(err)
		}
		e := w.Course.Lookup(name)
		plain, err := w.PlainCheckFiles(e)
		if err != nil {
			b.Fatal(err)
		}
		for rel, data := range plain {
			if !strings.HasPrefix(rel, e.Dir+"/") {
				// A package of the checks' own (their rules): go test's vet
				// needs it in a real folder.
				p := filepath.Join(ws, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(p, data, 0o644); err != nil {
					b.Fatal(err)
				}
				continue
			}
			p := filepath.Join(files, strings.ReplaceAll(rel, "/", "_"))
			if err := os.WriteFile(p, data, 0o644); err != nil {
				b.Fatal(err)
			}
			replace[filepath.Join(ws, filepath.FromSlash(rel))] = p
		}
		for _, t := range set.Tests() {
			tests = append(tests, regexp.QuoteMeta(t))
		}
		dirs = append(dirs, "./"+e.Dir)
	}
	slices.Sort(tests)
	tests = slices.Compact(tests)
	data, _ := json.Marshal(map[string]any{"Replace": replace})
	overlay := filepath.Join(files, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		b.Fatal(err)
	}
	args := []string{"test", "-json", "-timeout=10s", "-overlay=" + overlay, "-run=^(" + strings.Join(tests, "|") + ")$"}
	return append(args, dirs...)
}

func exerciseDir(b *testing.B, ws, name string) string {
	data, err := os.ReadFile(filepath.Join(ws, "exercises.toml"))
	if err != nil {
		b.Fatal(err)
	}
	m := regexp.MustCompile(`name = "` + name + `"\s*\ndir = "([^"]+)"`).FindSubmatch(data)
	if m == nil {
		b.Fatalf("no exercise %s", name)
	}
	return string(m[1])
}

func timeCmd(b *testing.B, dir string, env []string, name string, args ...string) time.Duration {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		b.Fatalf("%s: %v\n%s", name, err, out)
	}
	// A raw run that did not build compares nothing.
	if name == "go" && (bytes.Contains(out, []byte(`"Action":"build-fail"`)) || bytes.Contains(out, []byte("[setup failed]"))) {
		b.Fatalf("the raw go test did not build:\n%s", out)
	}
	return d
}

// timeRun times "futurelings run name" twice over: until its verdict's
// first line is out, which is what a learner waits for, and until the
// command ends, after go vet's findings have followed the verdict.
func timeRun(b *testing.B, dir string, env []string, bin, name string) (verdict, end time.Duration) {
	cmd := exec.Command(bin, "run", name)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if l := sc.Text(); verdict == 0 && (strings.HasPrefix(l, "✓ "+name) || strings.HasPrefix(l, "✗ "+name)) {
			verdict = time.Since(start)
		}
	}
	err = cmd.Wait()
	end = time.Since(start)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		b.Fatalf("futurelings run %s: %v", name, err)
	}
	if verdict == 0 {
		b.Fatalf("futurelings run %s printed no verdict", name)
	}
	return verdict, end
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// reportMedians reports both medians and their ratio, and beside them the
// machine's noise: the ratio of two raw runs of the same thing, taken in
// the same rounds.
func reportMedians(b *testing.B, checker, raw, raw2 []time.Duration) {
	mc, mr, mr2 := median(checker), median(raw), median(raw2)
	b.ReportMetric(float64(mc.Milliseconds()), "checker-ms")
	b.ReportMetric(float64(mr.Milliseconds()), "gotest-ms")
	b.ReportMetric(float64(mc)/float64(mr), "ratio")
	b.ReportMetric(float64(mr2)/float64(mr), "noise-ratio")
	b.ReportMetric(0, "ns/op")
	b.Logf("median over %d rounds: futurelings %v, raw go test %v and %v; ratio %.3f, raw/raw %.3f",
		len(checker), mc, mr, mr2, float64(mc)/float64(mr), float64(mr2)/float64(mr))
}

// reportEnds reports when the run commands ended, vet included, beside
// the times to their verdicts that reportMedians compares.
func reportEnds(b *testing.B, ends, raw []time.Duration) {
	me, mr := median(ends), median(raw)
	b.ReportMetric(float64(me.Milliseconds()), "checker-end-ms")
	b.ReportMetric(float64(me)/float64(mr), "end-ratio")
	b.Logf("futurelings run ended (go vet's findings shown) after %v: %.3f of the raw go test", me, float64(me)/float64(mr))
}

// BenchmarkCheckerRunAfterChange: "futurelings run NAME" after a real code
// change to the exercise, against the raw go test -json -overlay of the same
// package after the same kind of change. The two alternate, so both see the
// same machine.
func BenchmarkCheckerRunAfterChange(b *testing.B) {
	bin, ws, env := benchWorkspace(b)
	const name = "add_slowly"
	file := filepath.Join(ws, exerciseDir(b, ws, name), "add_slowly.go")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	// Warms Go's build cache, and learns how the exercise's program is
	// built, as every run does after its verdict.
	timeCmd(b, ws, env, bin, "run", name)
	args := rawArgs(b, ws, name)
	change := 0
	edit := func() {
		// A change the compiler cannot ignore: the value of a variable that
		// an init function uses, so the test binary differs every time.
		change++
		src := fmt.Sprintf("%s\nvar benchChange = %d\n\nfunc init() { benchChange++ }\n", orig, change)
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var checker, ends, raw, raw2 []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edit()
		raw = append(raw, timeCmd(b, ws, env, "go", args...))
		edit()
		v, end := timeRun(b, ws, env, bin, name)
		checker, ends = append(checker, v), append(ends, end)
		edit()
		raw2 = append(raw2, timeCmd(b, ws, env, "go", args...))
	}
	b.StopTimer()
	reportMedians(b, checker, raw, raw2)
	reportEnds(b, ends, raw)
}

// BenchmarkCheckerRecheckUnchangedFailing: "futurelings run NAME" again on
// an exercise that fails and did not change (watch's r, a second run), and
// the raw go test of it, which never caches a failure and so links and runs
// it again every time.
func BenchmarkCheckerRecheckUnchangedFailing(b *testing.B) {
	bin, ws, env := benchWorkspace(b)
	const name = "add_slowly"
	timeCmd(b, ws, env, bin, "run", name)
	args := rawArgs(b, ws, name)
	timeCmd(b, ws, env, "go", args...)
	var checker, ends, raw, raw2 []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		raw = append(raw, timeCmd(b, ws, env, "go", args...))
		v, end := timeRun(b, ws, env, bin, name)
		checker, ends = append(checker, v), append(ends, end)
		raw2 = append(raw2, timeCmd(b, ws, env, "go", args...))
	}
	b.StopTimer()
	reportMedians(b, checker, raw, raw2)
	reportEnds(b, ends, raw)
}

// BenchmarkCheckerVerifyUnchanged: "futurelings verify" of a course where
// nothing changed, against one go test invocation of the same packages.
//
// Two courses: as shipped, where every exercise fails (go test never caches
// a failure, so it links and runs each again; futurelings keeps the test
// programs and only runs them), and solved, where go test takes every
// result from its cache and futurelings runs the kept programs.
func BenchmarkCheckerVerifyUnchanged(b *testing.B) {
	b.Run("shipped", func(b *testing.B) { benchVerifyUnchanged(b, false) })
	b.Run("solved", func(b *testing.B) { benchVerifyUnchanged(b, true) })
}

func benchVerifyUnchanged(b *testing.B, solved bool) {
	bin, ws, env := benchWorkspace(b)
	if solved {
		solve(b, ws)
	}
	timeCmd(b, ws, env, bin, "verify")
	var names []string
	for _, n := range hidden.Exercises() {
		if !strings.Contains(exerciseDirOrEmpty(ws, n), "exercises/") {
			continue
		}
		names = append(names, n)
	}
	args := rawArgs(b, ws, names...)
	timeCmd(b, ws, env, "go", args...)
	var checker, raw, raw2 []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		raw = append(raw, timeCmd(b, ws, env, "go", args...))
		checker = append(checker, timeCmd(b, ws, env, bin, "verify"))
		raw2 = append(raw2, timeCmd(b, ws, env, "go", args...))
	}
	b.StopTimer()
	reportMedians(b, checker, raw, raw2)
}

func exerciseDirOrEmpty(ws, name string) string {
	data, _ := os.ReadFile(filepath.Join(ws, "exercises.toml"))
	m := regexp.MustCompile(`name = "` + name + `"\s*\ndir = "([^"]+)"`).FindSubmatch(data)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// solve puts every reference solution in its exercise's place.
func solve(b *testing.B, ws string) {
	b.Helper()
	sols, err := filepath.Glob(filepath.Join(ws, "solutions", "*", "*", "*.go"))
	if err != nil || len(sols) == 0 {
		b.Fatalf("no solutions in the workspace (%v)", err)
	}
	for _, s := range sols {
		rel, _ := filepath.Rel(filepath.Join(ws, "solutions"), s)
		data, err := os.ReadFile(s)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, "exercises", rel), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
