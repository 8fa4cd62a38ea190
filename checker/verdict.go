package checker

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/gotest"
	"github.com/futurelings/futurelings/checker/harness"
)

// Status is the outcome of checking one exercise.
type Status string

// The verdicts. Only Passed is a pass.
const (
	Passed       Status = "passed"
	Failed       Status = "failed"        // some checks failed
	CompileError Status = "compile_error" // the package or the checks did not compile
	TimedOut     Status = "timed_out"     // a check ran past the time limit
	Crashed      Status = "crashed"       // a panic, an early exit, or an output flood
	Missing      Status = "missing"       // the exercise's folder is gone
)

// Check status values.
const (
	CheckPass   = "pass"
	CheckFail   = "fail"
	CheckSkip   = "skip"
	CheckNotRun = "not run"
)

// Check is the outcome of one hidden check.
type Check struct {
	Name    string   // the test function, e.g. TestFirstPollIsPending
	Title   string   // readable, e.g. "first poll is pending"
	Status  string   // CheckPass, CheckFail, CheckSkip or CheckNotRun
	Message []string // what the check said, without test plumbing
}

// Verdict is the outcome of checking one exercise.
type Verdict struct {
	Exercise *course.Exercise
	Dir      string // the folder that was checked, relative to the workspace
	Status   Status
	// Summary is one sentence a learner can act on.
	Summary  string
	Checks   []Check
	Compiler []string // compiler messages, paths relative to the workspace
	Details  []string // panic, location, timeout or exit explanation
	Output   string   // output that belongs to no check (capped)
	Elapsed  time.Duration
}

// Passed reports whether every hidden check passed.
func (v *Verdict) Passed() bool { return v.Status == Passed }

// Failing returns the checks that did not pass.
func (v *Verdict) Failing() []Check {
	var out []Check
	for _, c := range v.Checks {
		if c.Status != CheckPass {
			out = append(out, c)
		}
	}
	return out
}

// hiddenPrefix starts the name under which a hidden file is overlaid into an
// exercise's folder.
const hiddenPrefix = "zz_futurelings_"

// verdictFrom turns what happened to a test program into a verdict. A
// check's status comes only from what the checks signed (signed is nil when
// the program was not built or did not start); the output gives the checks'
// messages and the signs of a crash or a timeout.
func verdictFrom(e *course.Exercise, r *gotest.Result, signed *harness.Results, tests []string, opts Options) *Verdict {
	v := &Verdict{Exercise: e, Dir: r.Dir, Elapsed: r.Elapsed, Output: strings.TrimSpace(r.Output)}
	if signed == nil {
		signed = &harness.Results{}
	}
	v.Checks = checksFrom(r, signed, tests, max(opts.Count, 1))
	switch {
	case r.BuildFailed:
		compileVerdict(v, r)
	case r.StartErr != nil:
		v.Status = Crashed
		v.Summary = startProblem(r.StartErr)
	case r.Flooded:
		v.Status = Crashed
		v.Summary = "stopped: it printed far too much output; is something printing in a loop?"
		v.Details = locate(r.Frames)
	case r.TimedOut || r.Killed:
		timeoutVerdict(v, r, opts.Timeout)
	case r.Fatal != "":
		v.Status = Crashed
		v.Summary = fatalSummary(r.Fatal)
		v.Details = locate(r.Frames)
	case len(signed.Tampered) > 0:
		v.Status = Failed
		v.Summary = "something other than the checks tried to report their results: " + signed.Tampered[0]
	case passedAll(v.Checks) && signed.Done && signed.Code == 0 && r.ExitCode == 0:
		v.Status = Passed
		v.Summary = fmt.Sprintf("all %d checks pass", len(tests))
		if len(tests) == 1 {
			v.Summary = "the check passes"
		}
	case passedAll(v.Checks):
		v.Status = Crashed
		v.Summary = afterChecksProblem(r, signed)
		v.Details = locate(r.Frames)
	case r.Panic != "":
		v.Status = Crashed
		v.Summary = "it panicked: " + r.Panic
		v.Details = locate(r.Frames)
	case !ranAny(v.Checks):
		v.Status = Crashed
		v.Summary = earlyExit(r, signed)
		v.Details = locate(r.Frames)
	default:
		failedVerdict(v, r, signed)
	}
	if v.Status == CompileError {
		v.Checks = nil
	}
	return v
}

// requiredFirst says that v's exercise builds on the learner's own answer to
// the exercise required, which does not pass yet. A pass here does not
// count until it does.
func requiredFirst(v *Verdict, required string) {
	if v.Status == Missing {
		return
	}
	v.Details = append([]string{v.Summary}, v.Details...)
	if v.Status != CompileError {
		v.Status = Failed // whatever happened here may well be the earlier one's doing
	}
	v.Summary = fmt.Sprintf("%s uses your own %s package: make %s pass first", v.Exercise.Name, required, required)
}

// checksFrom gives each check its signed status and what it said. With
// count above 1 every run must pass.
func checksFrom(r *gotest.Result, signed *harness.Results, tests []string, count int) []Check {
	checks := make([]Check, 0, len(tests))
	for _, name := range tests {
		c := Check{Name: name, Title: humanize(name), Status: CheckNotRun}
		switch {
		case signed.Fails[name] > 0:
			c.Status = CheckFail
		case signed.Passes[name] >= count:
			c.Status = CheckPass
		case signed.Skips[name] > 0:
			c.Status = CheckSkip
		case signed.Passes[name] > 0:
			c.Status = CheckFail
		}
		if t := r.Test(name); t != nil {
			c.Message = cleanOutput(t.Output)
		}
		if c.Status == CheckFail && len(c.Message) == 0 {
			c.Message = []string{"(this check failed, but what it said never reached futurelings: does your code replace os.Stdout or os.Stderr?)"}
		}
		checks = append(checks, c)
	}
	return checks
}

func passedAll(checks []Check) bool {
	for _, c := range checks {
		if c.Status != CheckPass {
			return false
		}
	}
	return len(checks) > 0
}

func ranAny(checks []Check) bool {
	for _, c := range checks {
		if c.Status != CheckNotRun {
			return true
		}
	}
	return false
}

func compileVerdict(v *Verdict, r *gotest.Result) {
	v.Status = CompileError
	v.Compiler = explainCompiler(r.BuildOutput)
	v.Summary = "it does not compile"
	if dep := strings.TrimSuffix(r.FailedImport, "_test"); dep != "" && dep != r.ImportPath {
		v.Summary = fmt.Sprintf("it does not compile: it imports %s, which has errors", dep)
	} else if hiddenErrors(r.BuildOutput) {
		v.Summary = "the checks do not compile against your code: keep the names and signatures the exercise gives"
	}
}

func timeoutVerdict(v *Verdict, r *gotest.Result, timeout time.Duration) {
	v.Status = TimedOut
	v.Details = locate(r.Frames)
	switch {
	case r.InInit:
		v.Summary = fmt.Sprintf("stopped after %v in an init function, before any check ran: an init that never finishes, or blocks", timeout)
	case len(r.Tests) == 0:
		v.Summary = fmt.Sprintf("stopped after %v, before any check had started: an init function that never finishes, or blocks?", timeout)
	case r.Running != "":
		markRunning(v, r.Running)
		v.Summary = fmt.Sprintf("the check %q was still running after %v: a loop that never ends, perhaps a poll loop that never sees Ready, or code that blocks", humanize(r.Running), timeout)
	default:
		v.Summary = fmt.Sprintf("a check was still running after %v: a loop that never ends, perhaps a poll loop that never sees Ready, or code that blocks", timeout)
	}
}

// fatalSummary names a runtime fatal error in words about its usual cause.
func fatalSummary(fatal string) string {
	switch {
	case strings.Contains(fatal, "stack overflow"):
		return "it crashed with a stack overflow: a function that calls itself without end; does Poll call Poll on the same future?"
	case strings.Contains(fatal, "out of memory"):
		return "it ran out of memory: something grows without end, a slice or a map in a loop perhaps"
	case strings.Contains(fatal, "concurrent map"):
		return "it crashed: " + fatal + ": two goroutines used one map at the same time without a lock"
	case strings.Contains(fatal, "all goroutines are asleep"):
		return "it stopped: every goroutine was blocked (a deadlock): something waits for a wake or a value that nothing will send"
	}
	return "it crashed: " + fatal
}

// afterChecksProblem explains a program whose checks all passed but that
// did not end the way a test program ends.
func afterChecksProblem(r *gotest.Result, signed *harness.Results) string {
	switch {
	case r.Panic != "":
		return "every check passed, but then it panicked: " + r.Panic
	case !signed.Done:
		return fmt.Sprintf("every check passed, but the program then exited on its own (status %d) before the checks could finish: does your code call os.Exit, or start a goroutine that does?", r.ExitCode)
	case r.Signal != "":
		return "every check passed, but the program was then killed by " + r.Signal
	default:
		return fmt.Sprintf("every check passed, but the program then ended with status %d", r.ExitCode)
	}
}

// earlyExit explains a program in which no check ran.
func earlyExit(r *gotest.Result, signed *harness.Results) string {
	if r.Panic != "" {
		return "it panicked before any check ran: " + r.Panic
	}
	if r.Signal != "" {
		return "the program was killed by " + r.Signal + " before any check ran"
	}
	if !signed.Started {
		return "the program ended before any check could start; does your code call os.Exit, or stop the program from an init function?"
	}
	return "the program exited before any check ran; does your code call os.Exit, or stop the program from an init function?"
}

func startProblem(err error) string {
	if errors.Is(err, syscall.ENOEXEC) || strings.Contains(err.Error(), "exec format error") {
		var set []string
		for _, k := range []string{"GOOS", "GOARCH"} {
			if v := os.Getenv(k); v != "" {
				set = append(set, k+"="+v)
			}
		}
		if len(set) == 0 {
			return "the checks were built for another system and cannot run here: is GOOS or GOARCH set in your Go environment (go env -w)?"
		}
		return fmt.Sprintf("%s is set in your environment, so the checks were built for another system and cannot run here: unset it", strings.Join(set, " and "))
	}
	return "the checks could not be started: " + err.Error()
}

func failedVerdict(v *Verdict, r *gotest.Result, signed *harness.Results) {
	v.Status = Failed
	passed, skipped, notRun := 0, 0, 0
	for _, c := range v.Checks {
		switch c.Status {
		case CheckPass:
			passed++
		case CheckSkip:
			skipped++
		case CheckNotRun:
			notRun++
		}
	}
	failing := len(v.Checks) - passed - skipped
	switch {
	case failing == 0:
		// Not "0 of 6 checks fail": what they wait for is elsewhere.
		v.Summary = fmt.Sprintf("%d of %d checks wait until what they build on passes", skipped, len(v.Checks))
	case skipped == 1:
		v.Summary = fmt.Sprintf("%d of %d checks fail, 1 more waits until those pass", failing, len(v.Checks))
	case skipped > 0:
		v.Summary = fmt.Sprintf("%d of %d checks fail, %d more wait until those pass", failing, len(v.Checks), skipped)
	default:
		v.Summary = fmt.Sprintf("%d of %d checks fail", failing, len(v.Checks))
	}
	if notRun > 0 && !signed.Done {
		v.Details = append(v.Details, "the program stopped before every check had run")
	}
}

func markRunning(v *Verdict, name string) {
	for i := range v.Checks {
		if v.Checks[i].Name == name && v.Checks[i].Status != CheckPass {
			v.Checks[i].Status = CheckFail
			v.Checks[i].Message = append(v.Checks[i].Message, "timed out: it was still running when the time limit ran out")
		}
	}
}

func locate(frames []string) []string {
	if len(frames) == 0 {
		return nil
	}
	out := []string{"in your code at " + frames[0]}
	for i := 1; i < len(frames); i++ {
		n := 1
		for i+n < len(frames) && frames[i+n] == frames[i] {
			n++
		}
		line := "called from " + frames[i]
		if n > 1 {
			line += fmt.Sprintf(" (%d times in a row)", n)
		}
		out = append(out, line)
		i += n - 1
	}
	return out
}

var (
	plumbingRE = regexp.MustCompile(`^(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):|PASS$|FAIL$|ok\s|FAIL\s|panic: test timed out|coverage:)`)
	locationRE = regexp.MustCompile(`^\s*[\w.-]+_test\.go:\d+: ?`)
)

// cleanOutput keeps what a check said and drops what go test adds around
// it: RUN/PASS/FAIL lines, the test file's name and line, the indentation.
func cleanOutput(lines []string) []string {
	var out []string
	for _, l := range lines {
		trimmed := strings.TrimLeft(l, " \t")
		if strings.HasPrefix(trimmed, "panic: test timed out") {
			// The test framework's own alarm: the list of running tests
			// and every goroutine's stack follow, which say nothing about
			// futures; the verdict says where the code was stuck.
			break
		}
		if plumbingRE.MatchString(trimmed) {
			continue
		}
		if loc := locationRE.FindString(l); loc != "" {
			l = l[len(loc):]
		} else if strings.HasPrefix(l, "        ") {
			l = strings.TrimPrefix(l, "        ") // continuation of a message
		}
		out = append(out, strings.TrimRight(l, " \t"))
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

func hiddenErrors(lines []string) bool {
	for _, l := range lines {
		if hiddenPosRE.MatchString(l) {
			return true
		}
	}
	return false
}

// hiddenPosRE matches a compiler position in one of the checks' files: the
// compiler names an overlaid file by where it was written, in the state
// folder, so a learner's file of any name is never taken for one.
var hiddenPosRE = regexp.MustCompile(`^\S*` + regexp.QuoteMeta(StateDirName+"/") + `\S*?\.go:\d+(:\d+)?: `)

// explainCompiler rewrites errors that the compiler reports in the hidden
// checks: their position means nothing to a learner, but what they needed
// from the learner's code does.
func explainCompiler(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if loc := hiddenPosRE.FindString(l); loc != "" {
			l = "the checks need: " + strings.TrimPrefix(l, loc)
		}
		out = append(out, l)
	}
	return out
}

// humanize turns a test function name into words:
// TestFirstPollIsPending -> "first poll is pending".
func humanize(name string) string {
	name = strings.TrimPrefix(name, "Test")
	name = strings.ReplaceAll(name, "_", " ")
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte(' ')
			}
		} else if i > 0 && unicode.IsDigit(r) && unicode.IsLetter(rs[i-1]) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		// Keep acronyms (URL, ID) as they are; lower-case the rest.
		if strings.ToUpper(w) != w || len(w) == 1 {
			words[i] = strings.ToLower(w)
		}
	}
	return strings.Join(words, " ")
}
