package checker

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/futurelings/futurelings/checker/gotest"
	"github.com/futurelings/futurelings/checker/hidden"
)

// traceTest is the test function a hidden trace file declares.
const traceTest = "TestTrace"

// Trace is what tracing an exercise's future showed.
type Trace struct {
	Exercise *Exercise
	// Lines are what the trace printed, poll by poll.
	Lines []string
	// Verdict says how the run went: Passed when the trace ran to its end;
	// otherwise why it did not (it does not compile, a panic outside Poll,
	// a timeout), with the compiler's messages or where it happened.
	Verdict *Verdict
}

// OK reports whether the trace ran to its end.
func (t *Trace) OK() bool { return t.Verdict.Passed() }

// NoTraceError is returned by Trace for an exercise that has no trace.
type NoTraceError struct {
	Exercise string
	Traced   []string // the exercises that have one
}

func (e *NoTraceError) Error() string {
	return fmt.Sprintf("nothing to trace for %s: you write no future of your own in it "+
		"('futurelings run %s' checks it); the exercises with a trace are %s",
		e.Exercise, e.Exercise, strings.Join(e.Traced, ", "))
}

// Traced returns the names of the course's exercises that have a trace, in
// course order.
func (w *Workspace) Traced() []string {
	var names []string
	for _, e := range w.Course.Exercises {
		if set, err := hidden.For(e.Name); err == nil && set.Trace != nil {
			names = append(names, e.Name)
		}
	}
	return names
}

// Trace runs the exercise's hidden trace against the learner's code: it
// builds the exercise's future with representative inputs, polls it under
// core's Recorder and prints each poll. The error is for a trace that could
// not run at all (no trace for this exercise, no Go toolchain); code that
// does not compile or crashes gives a Trace whose Verdict says so.
func (w *Workspace) Trace(ctx context.Context, e *Exercise, opts Options) (*Trace, error) {
	return w.TraceTarget(ctx, Target{Exercise: e, Dir: e.Dir}, opts)
}

// TraceTarget is Trace for any target: a solution or another stand-in
// checked in the exercise's place.
func (w *Workspace) TraceTarget(ctx context.Context, target Target, opts Options) (*Trace, error) {
	e := target.Exercise
	set, err := hidden.For(e.Name)
	if err != nil {
		return nil, err
	}
	if set.Trace == nil {
		return nil, &NoTraceError{Exercise: e.Name, Traced: w.Traced()}
	}
	if !isDir(w.Path(target.Dir)) || (target.Shown != "" && len(target.Replace) == 0) {
		return &Trace{Exercise: e, Verdict: missingVerdict(target)}, nil
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	r, err := w.newRun()
	if err != nil {
		return nil, err
	}
	defer r.remove()
	res, err := w.buildTrace(ctx, r, target, set, opts)
	if err != nil {
		return nil, err
	}
	if res.Binary != "" {
		gotest.Exec(ctx, gotest.ExecOptions{
			Root:    w.Root,
			WorkDir: r.path("bin"),
			Args:    []string{"-test.v=test2json", "-test.run=^" + traceTest + "$", "-test.timeout=" + opts.Timeout.String()},
			Env:     programEnv(opts.Env),
			Timeout: opts.Timeout,
			Marker:  r.marker,
		}, res)
		if res.Killed && ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	t := &Trace{Exercise: e, Verdict: traceVerdict(e, res, opts)}
	if target.Shown != "" {
		t.Verdict.Dir = target.Shown
	}
	if tt := res.Test(traceTest); tt != nil {
		t.Lines = cleanOutput(untilPanic(tt.Output))
	}
	t.Verdict.Checks = nil // the trace is not a check
	t.Verdict.Summary = traceSummary(t.Verdict, opts)
	for i, l := range t.Verdict.Compiler {
		t.Verdict.Compiler[i] = strings.Replace(l, "the checks need: ", "the trace needs: ", 1)
	}
	return t, nil
}

// buildTrace builds the test program that runs the exercise's trace.
func (w *Workspace) buildTrace(ctx context.Context, r *run, target Target, set *hidden.Set, opts Options) (*gotest.Result, error) {
	overlay := map[string]string{}
	for _, f := range testFiles(w.Path(target.Dir)) {
		overlay[f] = ""
	}
	for _, f := range []*hidden.File{set.Trace, set.Tracing} {
		p := r.path(f.Name)
		if err := os.WriteFile(p, f.Data, 0o600); err != nil {
			return nil, fmt.Errorf("preparing the trace of %s: %w", set.Exercise, err)
		}
		overlay[hiddenPrefix+f.Name] = p
	}
	for name, src := range target.Replace {
		if src == "" || !strings.HasSuffix(name, "_test.go") {
			overlay[name] = src
		}
	}
	results, err := gotest.Build(ctx, gotest.BuildOptions{
		Root:    w.Root,
		Go:      opts.Go,
		OutDir:  r.path("bin"),
		TempDir: r.dir,
		Overlay: w.moduleOverlay(r),
		Env:     buildEnv(opts.Env),
		OnSlow:  opts.OnSlowBuild,
	}, []gotest.Package{{Dir: target.Dir, Overlay: overlay}})
	if err != nil {
		return nil, explainBuildError(err)
	}
	return results[0], nil
}

// traceVerdict says how a trace's run went. A trace is not a check, and
// nothing is recorded from it, so what its output says is enough.
func traceVerdict(e *Exercise, r *gotest.Result, opts Options) *Verdict {
	v := &Verdict{Exercise: e, Dir: r.Dir, Elapsed: r.Elapsed, Output: strings.TrimSpace(r.Output)}
	tt := r.Test(traceTest)
	switch {
	case r.BuildFailed:
		compileVerdict(v, r)
	case r.StartErr != nil:
		v.Status, v.Summary = Crashed, startProblem(r.StartErr)
	case r.Flooded:
		v.Status, v.Summary = Crashed, "stopped: it printed far too much output; is something printing in a loop?"
	case r.TimedOut || r.Killed:
		timeoutVerdict(v, r, opts.Timeout)
	case r.Fatal != "":
		v.Status, v.Summary, v.Details = Crashed, fatalSummary(r.Fatal), locate(r.Frames)
	case r.Panic != "":
		v.Status, v.Summary, v.Details = Crashed, "it panicked: "+r.Panic, locate(r.Frames)
	case tt != nil && tt.Action == "pass":
		v.Status = Passed
	default:
		v.Status = Failed
	}
	return v
}

// traceSummary rewords a verdict's summary for a trace, which is not a
// check.
func traceSummary(v *Verdict, opts Options) string {
	switch v.Status {
	case Passed:
		return "traced"
	case CompileError:
		if strings.HasPrefix(v.Summary, "the checks do not compile") {
			return "the trace does not compile against your code: keep the names and signatures the exercise gives"
		}
		return v.Summary + ", so there is nothing to trace yet"
	case TimedOut:
		return fmt.Sprintf("the trace was still running after %v: does a Poll loop forever, or block?", opts.Timeout)
	case Failed:
		return "the trace stopped before its end"
	}
	return v.Summary
}

// untilPanic keeps the lines before the test binary's own panic report (a
// timeout, or a panic the trace could not recover): the verdict explains
// those, and the goroutine dump that follows means nothing to a learner.
func untilPanic(lines []string) []string {
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") {
			return lines[:i]
		}
	}
	return lines
}
