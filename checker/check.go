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
	// The exercises this one builds on are checked against their reference
	// solutions too, so that a solution or a variant is judged on its own.
	for _, req := range w.requiredBy(e) {
		rel, err := filepath.Rel(filepath.FromSlash(e.Dir), filepath.FromSlash(req.Dir))
		if err != nil {
			continue
		}
		for _, f := range goFiles(w.Path(req.Dir)) {
			r[filepath.ToSlash(filepath.Join(rel, f))] = ""
		}
		sol := w.Path(req.SolutionDir())
		for _, f := range goFiles(sol) {
			r[filepath.ToSlash(filepath.Join(rel, f))] = filepath.Join(sol, f)
		}
	}
	return Target{Exercise: e, Dir: e.Dir, Replace: r, Shown: filepath.ToSlash(layers[len(layers)-1])}
}

// requiredBy returns every exercise e builds on, directly or through
// another, in course order.
func (w *Workspace) requiredBy(e *course.Exercise) []*course.Exercise {
	seen := map[string]bool{}
	var walk func(*course.Exercise)
	walk = func(x *course.Exercise) {
		for _, name := range x.Requires {
			if r := w.Course.Lookup(name); r != nil && !seen[name] {
				seen[name] = true
				walk(r)
			}
		}
	}
	walk(e)
	var out []*course.Exercise
	for _, x := range w.Course.Exercises {
		if seen[x.Name] {
			out = append(out, x)
		}
	}
	return out
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
	asked := len(targets)
	targets = w.withRequired(targets)
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
	for _, batch := range batches(w.Root, pkgs) {
		var some []gotest.Package
		for _, j := range batch {
			some = append(some, pkgs[j])
		}
		results, err := gotest.Run(ctx, gotest.Options{
			Root:      w.Root,
			Go:        opts.Go,
			Timeout:   opts.Timeout * time.Duration(max(opts.Count, 1)),
			Env:       opts.Env,
			TempDir:   w.StateDir(),
			OnPackage: onPackage,
			Args:      countArgs(opts.Count),
		}, some)
		if err != nil {
			return nil, err
		}
		for k, r := range results {
			j := batch[k]
			i := idx[j]
			verdicts[i] = verdictFrom(targets[i].Exercise, r, sets[j].Tests(), opts.Timeout)
			if s := targets[i].Shown; s != "" {
				verdicts[i].Dir = s
			}
		}
	}
	blameRequired(targets, verdicts)
	return verdicts[:asked], nil
}

// withRequired adds, for each learner's exercise among targets, the earlier
// exercises it builds on that are not checked already: whether they pass
// decides what its verdict says.
func (w *Workspace) withRequired(targets []Target) []Target {
	have := map[string]bool{}
	for _, t := range targets {
		if len(t.Replace) == 0 {
			have[t.Exercise.Name] = true
		}
	}
	out := targets
	for _, t := range targets {
		if len(t.Replace) != 0 {
			continue
		}
		for _, r := range w.requiredBy(t.Exercise) {
			if !have[r.Name] {
				have[r.Name] = true
				out = append(out, Target{Exercise: r, Dir: r.Dir})
			}
		}
	}
	return out
}

// blameRequired tells a learner whose exercise builds on an earlier one that
// does not pass yet to make that one pass first: until it does, what fails
// here may well be its fault.
func blameRequired(targets []Target, verdicts []*Verdict) {
	learner := map[string]*Verdict{}
	for i, t := range targets {
		if len(t.Replace) == 0 && verdicts[i] != nil {
			learner[t.Exercise.Name] = verdicts[i]
		}
	}
	for i, t := range targets {
		v := verdicts[i]
		if len(t.Replace) != 0 || v == nil {
			continue
		}
		for _, name := range t.Exercise.Requires {
			if r := learner[name]; r != nil && !r.Passed() {
				requiredFirst(v, name)
				break
			}
		}
	}
}

// batches groups packages so that no two in a group lay different files
// over the same path: a solution checked with the reference answer of an
// exercise it builds on cannot share a go test run with a copy of that
// exercise checked as it is.
func batches(root string, pkgs []gotest.Package) [][]int {
	var groups [][]int
	var claims []map[string]string
	for j, p := range pkgs {
		placed := false
		for g := range groups {
			if fits(root, p, claims[g]) {
				groups[g] = append(groups[g], j)
				claim(root, p, claims[g])
				placed = true
				break
			}
		}
		if !placed {
			c := map[string]string{}
			claim(root, p, c)
			groups = append(groups, []int{j})
			claims = append(claims, c)
		}
	}
	return groups
}

func fits(root string, p gotest.Package, claimed map[string]string) bool {
	for name, src := range p.Overlay {
		if old, ok := claimed[filepath.Join(root, filepath.FromSlash(p.Dir), name)]; ok && old != src {
			return false
		}
	}
	return true
}

func claim(root string, p gotest.Package, claimed map[string]string) {
	for name, src := range p.Overlay {
		claimed[filepath.Join(root, filepath.FromSlash(p.Dir), name)] = src
	}
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
