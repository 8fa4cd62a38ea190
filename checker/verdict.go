package checker

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/gotest"
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

// verdictFrom turns what go test reported about a package into a verdict.
// tests are the hidden checks that must all pass.
func verdictFrom(e *course.Exercise, r *gotest.Result, tests []string, timeout time.Duration) *Verdict {
	v := &Verdict{Exercise: e, Dir: r.Dir, Elapsed: r.Elapsed}
	for _, name := range tests {
		c := Check{Name: name, Title: humanize(name), Status: CheckNotRun}
		if t := r.Test(name); t != nil {
			switch t.Action {
			case "pass":
				c.Status = CheckPass
			case "skip":
				c.Status = CheckSkip
			case "fail":
				c.Status = CheckFail
			}
			c.Message = cleanOutput(t.Output)
		}
		v.Checks = append(v.Checks, c)
	}
	passed := 0
	ran := 0
	for _, c := range v.Checks {
		if c.Status == CheckPass {
			passed++
		}
		if c.Status != CheckNotRun {
			ran++
		}
	}
	v.Output = strings.TrimSpace(r.Output)

	switch {
	case r.BuildFailed:
		v.Status = CompileError
		v.Compiler = explainCompiler(r.BuildOutput)
		v.Summary = "it does not compile"
		if dep := strings.TrimSuffix(r.FailedImport, "_test"); dep != "" && dep != r.ImportPath {
			v.Summary = fmt.Sprintf("it does not compile: it imports %s, which has errors", dep)
		} else if hiddenErrors(r.BuildOutput) {
			v.Summary = "the checks do not compile against your code: keep the names and signatures the exercise gives"
		}
		v.Checks = nil
	case r.Flooded:
		v.Status = Crashed
		v.Summary = "stopped: it printed far too much output; is something printing in a loop?"
	case r.Killed:
		v.Status = TimedOut
		v.Summary = "stopped: the check did not finish in time"
	case r.TimedOut:
		v.Status = TimedOut
		who := "a check"
		if r.Running != "" {
			who = fmt.Sprintf("the check %q", humanize(r.Running))
			markRunning(v, r.Running)
		}
		v.Summary = fmt.Sprintf("%s was still running after %v: a loop that never ends, perhaps a poll loop that never sees Ready, or code that blocks", who, timeout)
		v.Details = locate(r.Frames)
	case r.Panic != "" && passed < len(tests):
		v.Status = Crashed
		v.Summary = "it panicked: " + r.Panic
		v.Details = locate(r.Frames)
	case passed == len(tests) && len(tests) > 0:
		v.Status = Passed
		v.Summary = fmt.Sprintf("all %d checks pass", len(tests))
		if len(tests) == 1 {
			v.Summary = "the check passes"
		}
	case ran == 0:
		v.Status = Crashed
		v.Summary = "the program exited before any check ran; does your code call os.Exit, or stop the program from an init function?"
	default:
		v.Status = Failed
		skipped := 0
		for _, c := range v.Checks {
			if c.Status == CheckSkip {
				skipped++
			}
		}
		failing := len(tests) - passed - skipped
		v.Summary = fmt.Sprintf("%d of %d checks fail", failing, len(tests))
		if skipped > 0 {
			v.Summary += fmt.Sprintf(", %d more wait until those pass", skipped)
		}
		if ran < len(tests) && r.Action == "" {
			v.Details = append(v.Details, "the program stopped before every check had run")
		}
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

func markRunning(v *Verdict, name string) {
	for i := range v.Checks {
		if v.Checks[i].Name == name && v.Checks[i].Status != CheckPass {
			v.Checks[i].Status = CheckFail
			v.Checks[i].Message = append(v.Checks[i].Message, "timed out")
		}
	}
}

func locate(frames []string) []string {
	if len(frames) == 0 {
		return nil
	}
	out := []string{"in your code at " + frames[0]}
	for _, f := range frames[1:] {
		out = append(out, "called from "+f)
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

// hiddenPosRE matches a compiler position in a hidden file, which the
// compiler names either by its place in the package or by where it was
// written in the state folder.
var hiddenPosRE = regexp.MustCompile(`^\S*(` + regexp.QuoteMeta(hiddenPrefix) + `|` + regexp.QuoteMeta(StateDirName+"/hidden/") + `)\S*?\.go:\d+(:\d+)?: `)

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
