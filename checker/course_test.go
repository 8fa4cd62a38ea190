package checker_test

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/bundle"
)

// These tests prove the course itself: every reference solution passes every
// hidden check, every shipped exercise fails them for the reason it is
// about, and the variants kept beside the checks (other correct solutions,
// typical wrong ones) get the verdicts they should.

func openRepo(t *testing.T) *checker.Workspace {
	t.Helper()
	if testing.Short() {
		t.Skip("checks the whole course with the go command")
	}
	ws, err := checker.Open(filepath.Join("..", ""))
	if err != nil {
		t.Fatal(err)
	}
	// The checks' files go to a temporary folder, not into the clone.
	ws.State = t.TempDir()
	return ws
}

func TestCourseIsConsistent(t *testing.T) {
	ws := openRepo(t)
	for _, p := range checker.Lint(ws) {
		t.Error(p)
	}
}

func TestEverySolutionPasses(t *testing.T) {
	ws := openRepo(t)
	vs, err := ws.Check(context.Background(), ws.SolutionTargets(ws.Course.Exercises), checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if !v.Passed() {
			t.Errorf("solution of %s: %s\n%s", v.Exercise.Name, v.Status, verdictText(v))
		}
	}
}

// TestEveryShippedExerciseFails checks the exercises as shipped: the copy
// inside the binary, standing in for whatever is on disk, so the test holds
// in a clone where a learner has already solved some of them.
func TestEveryShippedExerciseFails(t *testing.T) {
	ws := openRepo(t)
	var targets []checker.Target
	for _, e := range ws.Course.Exercises {
		dir := filepath.Join(t.TempDir(), e.Name)
		files := bundle.Dir(e.Dir)
		if len(files) == 0 {
			t.Errorf("%s: the shipped copy has no files in %s (go generate ./checker/bundle)", e.Name, e.Dir)
			continue
		}
		for _, f := range files {
			data, err := bundle.Read(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, path.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		targets = append(targets, ws.StandIn(e, dir))
	}
	vs, err := ws.Check(context.Background(), targets, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Status != checker.Failed {
			t.Errorf("shipped %s: want a failed check, got %s\n%s", v.Exercise.Name, v.Status, verdictText(v))
		}
	}
}

type variant struct {
	exercise *checker.Exercise
	name     string
	dir      string
}

func (v variant) good() bool { return strings.HasPrefix(v.name, "good_") }

func variants(t *testing.T, ws *checker.Workspace) [][]variant {
	var rounds [][]variant
	for _, e := range ws.Course.Exercises {
		base := filepath.Join(ws.Root, "checker", "hidden", "testdata", e.Name, "variants")
		entries, err := os.ReadDir(base)
		if err != nil {
			t.Errorf("%s: no variants (%v)", e.Name, err)
			continue
		}
		var good, bad int
		k := 0
		for _, d := range entries {
			if !d.IsDir() {
				continue
			}
			v := variant{exercise: e, name: d.Name(), dir: filepath.Join(base, d.Name())}
			switch {
			case strings.HasPrefix(v.name, "good_"):
				good++
			case strings.HasPrefix(v.name, "bad_"):
				bad++
			default:
				t.Errorf("%s: variant %s must start with good_ or bad_", e.Name, v.name)
				continue
			}
			if k == len(rounds) {
				rounds = append(rounds, nil)
			}
			rounds[k] = append(rounds[k], v)
			k++
		}
		if good < 1 || bad < 3 {
			t.Errorf("%s: %d good and %d bad variants; want at least 1 and 3", e.Name, good, bad)
		}
	}
	return rounds
}

// TestVariants checks every variant; FUTURELINGS_VARIANTS=regexp checks only
// those whose exercise/variant name matches, for a quicker round while
// writing checks.
func TestVariants(t *testing.T) {
	ws := openRepo(t)
	only := regexp.MustCompile(os.Getenv("FUTURELINGS_VARIANTS"))
	for _, round := range variants(t, ws) {
		var targets []checker.Target
		round = slices.DeleteFunc(round, func(v variant) bool { return !only.MatchString(v.exercise.Name + "/" + v.name) })
		if len(round) == 0 {
			continue
		}
		for _, v := range round {
			targets = append(targets, ws.VariantTarget(v.exercise, v.dir))
		}
		vs, err := ws.Check(context.Background(), targets, checker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range round {
			verdict := vs[i]
			t.Run(v.exercise.Name+"/"+v.name, func(t *testing.T) {
				text := verdictText(verdict)
				if v.good() {
					if !verdict.Passed() {
						t.Errorf("a correct solution fails: %s\n%s", verdict.Status, text)
					}
					return
				}
				if verdict.Status != checker.Failed {
					t.Errorf("want a failed check, got %s\n%s", verdict.Status, text)
				}
				for _, re := range wants(t, v.dir) {
					if !re.MatchString(text) {
						t.Errorf("the messages do not match %q:\n%s", re, text)
					}
				}
			})
		}
	}
}

func wants(t *testing.T, dir string) []*regexp.Regexp {
	data, err := os.ReadFile(filepath.Join(dir, "want.txt"))
	if err != nil {
		t.Fatalf("a wrong solution needs a want.txt with the messages it must get: %v", err)
	}
	var res []*regexp.Regexp
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			res = append(res, regexp.MustCompile(l))
		}
	}
	if len(res) == 0 {
		t.Fatalf("%s/want.txt is empty", dir)
	}
	return res
}

// verdictText is everything a verdict says, for matching and for failure
// messages.
func verdictText(v *checker.Verdict) string {
	var b strings.Builder
	b.WriteString(v.Summary + "\n")
	for _, l := range append(append([]string{}, v.Compiler...), v.Details...) {
		b.WriteString(l + "\n")
	}
	checks := append([]checker.Check{}, v.Checks...)
	sort.SliceStable(checks, func(i, j int) bool {
		return checks[i].Status != checker.CheckPass && checks[j].Status == checker.CheckPass
	})
	for _, c := range checks {
		b.WriteString(c.Status + " " + c.Title + "\n")
		for _, m := range c.Message {
			b.WriteString("    " + m + "\n")
		}
	}
	return b.String()
}
