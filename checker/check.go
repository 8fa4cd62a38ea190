package checker

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/futurelings/futurelings/checker/bundle"
	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/gotest"
	"github.com/futurelings/futurelings/checker/harness"
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
	// OnSlowBuild, if set, is called when building the checks takes a
	// while, as the first build on a machine does.
	OnSlowBuild func()
	// NoCache builds every test program afresh and runs it, trusting
	// neither kept programs nor kept passes (what a grader wants).
	NoCache bool
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
	return filesIn(dir, func(n string) bool { return !strings.HasSuffix(n, "_test.go") })
}

// testFiles lists the Go test files in dir.
func testFiles(dir string) []string {
	return filesIn(dir, func(n string) bool { return strings.HasSuffix(n, "_test.go") })
}

// allGoFiles lists every Go file in dir.
func allGoFiles(dir string) []string {
	return filesIn(dir, func(string) bool { return true })
}

// filesIn lists the Go files in dir whose names keep says to keep.
func filesIn(dir string, keep func(string) bool) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && keep(n) {
			names = append(names, n)
		}
	}
	return names
}

// Check checks every target and returns a verdict for each, in order. The
// targets' test programs are built in one go command run (so they compile
// in parallel), then run one after another, each in a private folder with
// its own key, so that no exercise's code can touch another's checks or
// verdict. The error is for a check that could not happen at all (no Go
// toolchain, a broken workspace); a failing exercise is a verdict.
func (w *Workspace) Check(ctx context.Context, targets []Target, opts Options) ([]*Verdict, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if err := w.moduleProblem(); err != nil {
		return nil, err
	}
	asked := len(targets)
	targets = w.withRequired(targets)
	verdicts := make([]*Verdict, len(targets))
	jobs := w.plan(targets, verdicts)
	progress := newTally(len(targets)-len(jobs), len(targets), opts.OnDone)
	if len(jobs) == 0 {
		return verdicts[:asked], nil
	}
	r, err := w.newRun()
	if err != nil {
		return nil, err
	}
	defer r.remove()
	bin, release := w.binDir(r)
	if opts.NoCache {
		// Afresh means in a folder no earlier command wrote to: no program
		// found there can stand in for one this run did not build.
		release()
		bin, release = r.path("bin"), func() {}
	}
	defer release()
	for _, batch := range w.batches(jobs) {
		if err := w.checkBatch(ctx, r, bin, batch, opts, progress); err != nil {
			return nil, err
		}
		for _, j := range batch {
			verdicts[j.index] = j.verdict
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
	out := append([]Target{}, targets...)
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

// job is one target on its way to a verdict.
type job struct {
	index   int
	target  Target
	set     *hidden.Set
	pkg     gotest.Package
	result  *gotest.Result
	verdict *Verdict
}

// plan gives a verdict at once to the targets that cannot be checked (no
// checks, no folder, a module of their own) and returns jobs for the rest.
func (w *Workspace) plan(targets []Target, verdicts []*Verdict) []*job {
	var jobs []*job
	module, _ := gotest.ModulePath(w.Root)
	for i, t := range targets {
		set, err := hidden.For(t.Exercise.Name)
		switch {
		case err != nil:
			verdicts[i] = &Verdict{Exercise: t.Exercise, Dir: t.Dir, Status: Missing, Summary: err.Error()}
		case !isDir(w.Path(t.Dir)) || (t.Shown != "" && len(t.Replace) == 0):
			verdicts[i] = missingVerdict(t)
		default:
			if v := w.environmentVerdict(t); v != nil {
				verdicts[i] = v
				continue
			}
			if v := w.importVerdict(t, module); v != nil {
				if t.Shown != "" {
					v.Dir = t.Shown
				}
				verdicts[i] = v
				continue
			}
			jobs = append(jobs, &job{index: i, target: t, set: set})
		}
	}
	return jobs
}

// batches splits jobs so that no build has the same folder twice (variants
// of one exercise are checked in the same folder), nor two jobs that lay
// different files over the same path (a solution is checked with the
// reference answer of an exercise it builds on, which cannot share a build
// with that exercise's folder checked as it is).
func (w *Workspace) batches(jobs []*job) [][]*job {
	var out [][]*job
	for len(jobs) > 0 {
		seen := map[string]bool{}
		claimed := map[string]string{}
		var batch, rest []*job
		for _, j := range jobs {
			files := w.claims(j.target)
			if seen[j.target.Dir] || clashes(files, claimed) {
				rest = append(rest, j)
				continue
			}
			seen[j.target.Dir] = true
			for p, src := range files {
				claimed[p] = src
			}
			batch = append(batch, j)
		}
		out = append(out, batch)
		jobs = rest
	}
	return out
}

// claims lists what a target builds at each path it lays files over, or
// builds as it is on disk.
func (w *Workspace) claims(t Target) map[string]string {
	files := map[string]string{}
	if len(t.Replace) == 0 {
		for _, f := range goFiles(w.Path(t.Dir)) {
			files[path.Join(t.Dir, f)] = "(on disk)"
		}
	}
	for name, src := range t.Replace {
		files[path.Join(t.Dir, filepath.ToSlash(name))] = src
	}
	return files
}

func clashes(files, claimed map[string]string) bool {
	for p, src := range files {
		if old, ok := claimed[p]; ok && old != src {
			return true
		}
	}
	return false
}

// checkBatch builds the batch's test programs, then runs each and turns
// what happened into its verdict.
func (w *Workspace) checkBatch(ctx context.Context, r *run, bin string, batch []*job, opts Options, progress *tally) error {
	module, err := gotest.ModulePath(w.Root)
	if err != nil {
		return err
	}
	for k, j := range batch {
		overlay, err := w.prepare(r, k, j, module)
		if err != nil {
			return err
		}
		j.pkg = gotest.Package{Dir: j.target.Dir, Overlay: overlay}
	}
	modOverlay := w.moduleOverlay(r)
	bopts := w.buildOptions(r, bin, modOverlay, opts)
	build := func(pkgs []gotest.Package) ([]*gotest.Result, error) {
		results, err := gotest.Build(ctx, bopts, pkgs)
		return results, explainBuildError(err)
	}
	results, sums, err := w.buildOrKeep(ctx, bin, batch, modOverlay, opts, bopts, build)
	if err != nil {
		return err
	}
	for k, j := range batch {
		j.result = results[k]
		var key string
		if !opts.NoCache && max(opts.Count, 1) == 1 && j.result.Binary != "" {
			key = passKey(sums[k], j.result, opts, j.target.Shown)
			if v := cachedPass(key, j.target.Exercise, j.result.Dir); v != nil {
				if j.target.Shown != "" {
					v.Dir = j.target.Shown
				}
				j.verdict = v
				progress.done()
				continue
			}
		}
		if err := w.execute(ctx, r, k, j, module, opts); err != nil {
			return err
		}
		if key != "" && j.result.StartErr == nil {
			keepPass(key, j.verdict)
		}
		if j.result.StartErr == gotest.ErrChanged {
			// An earlier program of this run changed this one after the
			// build: prepare and build it again, now that nothing else
			// runs, so that the verdict is about this exercise's own code.
			overlay, err := w.prepare(r, k, j, module)
			if err != nil {
				return err
			}
			j.pkg.Overlay = overlay
			again, err := build([]gotest.Package{j.pkg})
			if err != nil {
				return err
			}
			j.result = again[0]
			keep(j.result, sums[k])
			if err := w.execute(ctx, r, k, j, module, opts); err != nil {
				return err
			}
		}
		progress.done()
	}
	return nil
}

// buildOptions are how the run's test programs are built: into bin, with
// the module overlay laid over the workspace.
func (w *Workspace) buildOptions(r *run, bin string, modOverlay map[string]string, opts Options) gotest.BuildOptions {
	return gotest.BuildOptions{
		Root:    w.Root,
		Go:      opts.Go,
		OutDir:  bin,
		TempDir: r.dir,
		Overlay: modOverlay,
		Env:     buildEnv(opts.Env),
		OnSlow:  opts.OnSlowBuild,
	}
}

// prepare writes the job's checks into the run's folder: each check file
// with its tests renamed, the generated TestMain and wrappers, and the
// package's sources; it returns the overlay that puts them, and nothing of
// the learner's own test files, into the package.
func (w *Workspace) prepare(r *run, k int, j *job, module string) (map[string]string, error) {
	dir := r.path("checks", strconv.Itoa(k))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	overlay := map[string]string{}
	for _, f := range testFiles(w.Path(j.target.Dir)) {
		overlay[f] = "" // the learner's own tests are not part of a check
	}
	for name, src := range j.target.Replace {
		if src == "" || !strings.HasSuffix(name, "_test.go") {
			overlay[name] = src
		}
	}
	put := func(name string, data []byte) error {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return fmt.Errorf("preparing the checks of %s: %w", j.set.Exercise, err)
		}
		overlay[hiddenPrefix+name] = p
		return nil
	}
	for _, f := range j.set.Checks {
		data, err := harness.WrapChecks(f.Name, f.Data, f.Tests)
		if err != nil {
			return nil, fmt.Errorf("hidden checks of %s: %w", j.set.Exercise, err)
		}
		if err := put(f.Name, data); err != nil {
			return nil, err
		}
	}
	if err := put(mainFile, harness.Main(j.set.Package(), module, j.set.Tests())); err != nil {
		return nil, err
	}
	srcs, err := w.packageSources(j.target)
	if err != nil {
		return nil, fmt.Errorf("preparing the checks of %s: %w", j.set.Exercise, err)
	}
	if err := put(sourcesFile, sourcesGo(j.set.Package(), srcs, shippedSources(j.target.Exercise))); err != nil {
		return nil, err
	}
	return overlay, nil
}

// mainFile is the generated file with TestMain and the checks' wrappers.
const mainFile = "main_test.go"

// coreDir is the course's core package, relative to the workspace.
const coreDir = "core"

// moduleOverlay lays the reporter over the module at harness.Dir, and the
// checks' package rules beside it at hidden.RulesDir, and
// leaves out whatever Go files a learner put there or at the module's root:
// no package may come before the reporter (see package harness). It lays
// the course's own core over core/ too: the checks judge a future by what
// core's recorder and executors see, so core is part of the checks, and an
// edited core/ could make them see what is not there.
func (w *Workspace) moduleOverlay(r *run) map[string]string {
	overlay := map[string]string{}
	for _, f := range allGoFiles(w.Path(harness.Dir)) {
		overlay[harness.Dir+"/"+f] = ""
	}
	for _, f := range allGoFiles(w.Root) {
		overlay[f] = ""
	}
	for name := range harness.Reporter() {
		overlay[harness.Dir+"/"+name] = filepath.Join(r.reporterDir(), name)
	}
	for _, f := range allGoFiles(w.Path(hidden.RulesDir)) {
		overlay[hidden.RulesDir+"/"+f] = ""
	}
	for name := range hidden.Rules() {
		overlay[hidden.RulesDir+"/"+name] = filepath.Join(r.rulesDir(), name)
	}
	for _, f := range allGoFiles(w.Path(coreDir)) {
		overlay[coreDir+"/"+f] = ""
	}
	for _, p := range bundle.Dir(coreDir) {
		overlay[p] = filepath.Join(r.coreDir(), path.Base(p))
	}
	return overlay
}

// execute runs the job's test program, if it was built, and gives the job
// its verdict.
func (w *Workspace) execute(ctx context.Context, r *run, k int, j *job, module string, opts Options) error {
	e := j.target.Exercise
	tests := j.set.Tests()
	var signed *harness.Results
	if j.result.Binary != "" {
		var err error
		signed, err = w.runProgram(ctx, r, k, j, module, opts)
		if err != nil {
			return err
		}
	}
	j.verdict = verdictFrom(e, j.result, signed, tests, opts)
	if s := j.target.Shown; s != "" {
		j.verdict.Dir = s
	}
	return nil
}

// runProgram runs a built test program with a fresh key and reads back
// what its checks signed.
func (w *Workspace) runProgram(ctx context.Context, r *run, k int, j *job, module string, opts Options) (*harness.Results, error) {
	work := r.path("work", strconv.Itoa(k))
	if err := os.MkdirAll(work, 0o700); err != nil {
		return nil, err
	}
	testPkg := module + "/" + j.target.Dir + "_test"
	key, err := harness.NewKey(testPkg, r.recordsFile())
	if err != nil {
		return nil, err
	}
	extra, env, done, err := key.Pass()
	if err != nil {
		return nil, err
	}
	count := max(opts.Count, 1)
	timeout := opts.Timeout * time.Duration(count)
	gotest.Exec(ctx, gotest.ExecOptions{
		Root:       w.Root,
		WorkDir:    work,
		Args:       testArgs(j.set.Tests(), count, timeout),
		Env:        append(programEnv(opts.Env), env...),
		ExtraFiles: extra,
		Timeout:    timeout,
		Marker:     r.marker,
	}, j.result)
	done()
	if j.result.Killed && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return key.Read()
}

// testArgs are the test program's flags: the test framework's own lines
// marked (see gotest), only the checks, each count times.
func testArgs(tests []string, count int, timeout time.Duration) []string {
	quoted := make([]string, len(tests))
	for i, t := range tests {
		quoted[i] = regexp.QuoteMeta(t)
	}
	return []string{
		"-test.v=test2json",
		"-test.paniconexit0",
		"-test.run=^(" + strings.Join(quoted, "|") + ")$",
		"-test.count=" + strconv.Itoa(count),
		"-test.timeout=" + timeout.String(),
	}
}

// tally counts finished targets for Options.OnDone.
type tally struct {
	n, total int
	onDone   func(done, total int)
}

func newTally(n, total int, onDone func(int, int)) *tally {
	t := &tally{n: n, total: total, onDone: onDone}
	if onDone != nil {
		onDone(n, total)
	}
	return t
}

func (t *tally) done() {
	t.n++
	if t.onDone != nil {
		t.onDone(t.n, t.total)
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
