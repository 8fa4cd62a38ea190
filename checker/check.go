package checker

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/gotest"
	"github.com/futurelings/futurelings/checker/hidden"
)

// Options tunes how exercises are checked.
type Options struct {
	// Timeout limits each exercise's test program; DefaultTimeout when 0.
	Timeout time.Duration
	// Go is the go command to run; "go" when empty.
	Go string
	// Env is added to the go command's environment.
	Env []string
	// Count runs every check this many times (go test -count); above 1 it
	// shakes out checks that fail only now and then. One failed run fails
	// the check.
	Count int
	// OnDone, if set, is called as each target's checks finish, with the
	// number finished so far and the total.
	OnDone func(done, total int)
}

// DefaultTimeout is how long an exercise's checks may run.
const DefaultTimeout = 10 * time.Second

// Target is one package to check against an exercise's hidden checks.
type Target struct {
	Exercise *course.Exercise
	// Dir is the folder to check, relative to the workspace: the exercise's
	// own, its solution's, or another copy of the same package.
	Dir string
	// Replace overlays extra files: a file name in Dir to a file on disk,
	// or to "" to leave that file out. It is how a solution is checked in
	// the exercise's place without touching the exercise.
	Replace map[string]string
	// Shown is the folder the verdict names; Dir when empty.
	Shown string
}

// Targets returns the targets that check the given exercises in their own
// folders.
func Targets(exs []*course.Exercise) []Target {
	ts := make([]Target, len(exs))
	for i, e := range exs {
		ts[i] = Target{Exercise: e, Dir: e.Dir}
	}
	return ts
}

// SolutionTargets returns targets that check the reference solutions. The
// hidden checks import the exercise's package, so a solution is checked in
// the exercise's place: its files stand in for the exercise's.
func (w *Workspace) SolutionTargets(exs []*course.Exercise) []Target {
	ts := make([]Target, len(exs))
	for i, e := range exs {
		ts[i] = w.StandIn(e, w.Path(e.SolutionDir()))
		ts[i].Shown = e.SolutionDir()
	}
	return ts
}

// StandIn returns a target that checks the Go files of the folder src in
// place of the exercise's own: every non-test Go file of the exercise is
// left out and every one of src is put in.
func (w *Workspace) StandIn(e *course.Exercise, src string) Target {
	return w.standIn(e, src)
}

// VariantTarget returns a target for a variant of the reference solution
// kept beside the checks: the folder holds only the files that differ from
// the solution, and the solution's other files fill in the rest.
func (w *Workspace) VariantTarget(e *course.Exercise, dir string) Target {
	return w.standIn(e, w.Path(e.SolutionDir()), dir)
}

// standIn puts the Go files of the layers in place of the exercise's own; a
// file in a later layer replaces the one of the same name in an earlier.
func (w *Workspace) standIn(e *course.Exercise, layers ...string) Target {
	r := map[string]string{}
	for _, f := range goFiles(w.Path(e.Dir)) {
		r[f] = ""
	}
	for _, dir := range layers {
		for _, f := range goFiles(dir) {
			r[f] = filepath.Join(dir, f)
		}
	}
	return Target{Exercise: e, Dir: e.Dir, Replace: r, Shown: filepath.ToSlash(layers[len(layers)-1])}
}

// goFiles lists the non-test Go files in dir.
func goFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			names = append(names, n)
		}
	}
	return names
}

// Check checks every target in one go test run and returns a verdict for
// each, in order. The error is for a run that could not happen at all (no
// Go toolchain, a broken workspace); a failing exercise is a verdict.
func (w *Workspace) Check(ctx context.Context, targets []Target, opts Options) ([]*Verdict, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	verdicts := make([]*Verdict, len(targets))
	var pkgs []gotest.Package
	var idx []int
	var sets []*hidden.Set
	for i, t := range targets {
		set, err := hidden.For(t.Exercise.Name)
		if err != nil {
			verdicts[i] = &Verdict{Exercise: t.Exercise, Dir: t.Dir, Status: Missing, Summary: err.Error()}
			continue
		}
		if !isDir(w.Path(t.Dir)) || (t.Shown != "" && len(t.Replace) == 0) {
			verdicts[i] = missingVerdict(t)
			continue
		}
		overlay, err := w.materialize(set)
		if err != nil {
			return nil, err
		}
		for name, src := range t.Replace {
			overlay[name] = src
		}
		srcs, err := w.materializeSources(t, set)
		if err != nil {
			return nil, fmt.Errorf("preparing the checks of %s: %w", t.Exercise.Name, err)
		}
		overlay[hiddenPrefix+sourcesFile] = srcs
		pkgs = append(pkgs, gotest.Package{Dir: t.Dir, Tests: set.Tests(), Overlay: overlay})
		idx = append(idx, i)
		sets = append(sets, set)
	}
	if len(pkgs) == 0 {
		return verdicts, nil
	}
	finished := len(targets) - len(pkgs)
	var onPackage func(string)
	if opts.OnDone != nil {
		opts.OnDone(finished, len(targets))
		onPackage = func(string) {
			finished++
			opts.OnDone(finished, len(targets))
		}
	}
	results, err := gotest.Run(ctx, gotest.Options{
		Root:      w.Root,
		Go:        opts.Go,
		Timeout:   opts.Timeout * time.Duration(max(opts.Count, 1)),
		Env:       opts.Env,
		TempDir:   w.StateDir(),
		OnPackage: onPackage,
		Args:      countArgs(opts.Count),
	}, pkgs)
	if err != nil {
		return nil, err
	}
	for j, r := range results {
		i := idx[j]
		verdicts[i] = verdictFrom(targets[i].Exercise, r, sets[j].Tests(), opts.Timeout)
		if s := targets[i].Shown; s != "" {
			verdicts[i].Dir = s
		}
	}
	return verdicts, nil
}

func missingVerdict(t Target) *Verdict {
	dir := t.Dir
	if isDir(dir) || t.Shown != "" {
		dir = t.Shown
	}
	v := &Verdict{Exercise: t.Exercise, Dir: dir, Status: Missing,
		Summary: fmt.Sprintf("the folder %s is missing", dir)}
	if dir == t.Exercise.Dir {
		v.Details = []string{fmt.Sprintf("run 'futurelings reset %s' to get the exercise back", t.Exercise.Name)}
	}
	return v
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// materialize writes the exercise's hidden files into the state folder (the
// overlay needs real files) and returns the overlay entries that put them
// into the exercise's package. Files already there with the same contents
// are left alone.
func (w *Workspace) materialize(set *hidden.Set) (map[string]string, error) {
	dir := filepath.Join(w.StateDir(), "hidden", set.Exercise)
	overlay := map[string]string{}
	for _, f := range set.Checks {
		p := filepath.Join(dir, f.Name)
		if err := writeIfChanged(p, f.Data); err != nil {
			return nil, fmt.Errorf("preparing the checks of %s: %w", set.Exercise, err)
		}
		overlay[hiddenPrefix+f.Name] = p
	}
	return overlay, nil
}

func writeIfChanged(p string, data []byte) error {
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return writeFileAtomic(p, data)
}

// Select returns the named exercises in the order given, or all of them in
// course order when names is empty.
func (w *Workspace) Select(names []string) ([]*course.Exercise, error) {
	if len(names) == 0 {
		return w.Course.Exercises, nil
	}
	var out []*course.Exercise
	seen := map[string]bool{}
	for _, n := range names {
		e, err := w.Exercise(strings.TrimSpace(n))
		if err != nil {
			return nil, err
		}
		if !seen[e.Name] {
			seen[e.Name] = true
			out = append(out, e)
		}
	}
	return out, nil
}

// Record marks the passed verdicts as done in p. It reports whether
// anything changed.
func Record(p *Progress, verdicts []*Verdict) bool {
	changed := false
	for _, v := range verdicts {
		if v != nil && v.Passed() && !p.IsDone(v.Exercise.Name) {
			p.MarkDone(v.Exercise.Name)
			changed = true
		}
	}
	return changed
}

// Rebuild recovers lost progress by checking every exercise once: each one
// that passes is done. It is what a missing or damaged state file costs.
func (w *Workspace) Rebuild(ctx context.Context, p *Progress, opts Options) error {
	verdicts, err := w.Check(ctx, Targets(w.Course.Exercises), opts)
	if err != nil {
		return err
	}
	Record(p, verdicts)
	return p.Save()
}

func countArgs(n int) []string {
	if n > 1 {
		return []string{fmt.Sprintf("-count=%d", n)}
	}
	return nil
}
