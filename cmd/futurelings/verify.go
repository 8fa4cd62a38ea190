package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newVerifyCmd) }

type verifyOptions struct {
	names     []string
	json      bool
	solutions bool
	timeout   time.Duration
	count     int
	noCache   bool
}

func newVerifyCmd(g *globals) *cobra.Command {
	o := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [NAME...]",
		Short: "Check every exercise (or the named ones); exit 0 only if all pass",
		Long: `Check every exercise of the course in order, or only the named ones, and
print one line per exercise and a summary. The exit status is 0 only when
every checked exercise passes, which makes verify the command for CI.

With --json a results document goes to standard output instead. With
--solutions the reference solutions are checked, and the course file, the
folders and the hidden checks are checked against each other: the command
for course authors.`,
		Example: `  futurelings verify
  futurelings verify yield_once add_slowly
  futurelings verify --json > results.json
  futurelings verify --solutions`,
		ValidArgsFunction: completeExercises(g, true),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.names = args
			return runVerify(cmd, g, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "write the results as JSON to standard output")
	cmd.Flags().BoolVar(&o.solutions, "solutions", false, "check the reference solutions and the course's consistency (for course authors)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", checker.DefaultTimeout, "time limit for each exercise's checks")
	cmd.Flags().BoolVar(&o.noCache, "no-cache", false, "build every test program afresh and run every check, trusting no kept program or pass (for graders; the default when CI is set)")
	cmd.Flags().IntVar(&o.count, "count", 1, "run every check `N` times; one failed run fails it (for course authors hunting flaky checks)")
	return cmd
}

func runVerify(cmd *cobra.Command, g *globals, o *verifyOptions) error {
	if o.count < 1 {
		return usagef("--count must be 1 or more, not %d", o.count)
	}
	ws, err := g.workspace()
	if err != nil {
		return err
	}
	exs, err := ws.Select(o.names)
	if err != nil {
		return usageError{err}
	}
	var problems []string
	if o.solutions {
		problems = checker.Lint(ws)
		for _, p := range problems {
			fmt.Fprintln(g.io.ErrOut, p)
		}
	}
	start := time.Now()
	verdicts, err := checkWithBar(cmd, g, o, ws, exs)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	if !o.solutions {
		if err := checker.Record(checker.LoadProgress(ws), verdicts); err != nil {
			fmt.Fprintf(g.io.ErrOut, "warning: %v\n", err)
		}
		revealSolutions(g, ws, verdicts)
	}
	passed := countPassed(verdicts)
	if err := printVerdicts(g, o, ws, exs, verdicts, passed, elapsed); err != nil {
		return err
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		annotate(g.io.ErrOut, ws, verdicts)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the course's files do not agree: %d problems, listed above", len(problems))
	}
	if passed != len(verdicts) {
		return errSilent
	}
	return nil
}

// checkWithBar checks the exercises (or their solutions), drawing a
// progress bar on standard error when that is a terminal.
func checkWithBar(cmd *cobra.Command, g *globals, o *verifyOptions, ws *checker.Workspace, exs []*checker.Exercise) ([]*checker.Verdict, error) {
	// In CI, where verify grades work, nothing kept in the workspace or the
	// user's cache is trusted unless asked for.
	noCache := o.noCache || (os.Getenv("CI") != "" && !cmd.Flags().Changed("no-cache"))
	opts := checker.Options{Timeout: o.timeout, Count: o.count, NoCache: noCache, OnSlowBuild: g.slowBuildNotice()}
	bar := g.io.ErrTerminal && !o.json
	if bar {
		opts.OnDone, opts.OnSlowBuild = progressBar(g.io.ErrOut, opts.OnSlowBuild)
	}
	targets := checker.Targets(exs)
	if o.solutions {
		targets = ws.SolutionTargets(exs)
	}
	verdicts, err := ws.Check(cmd.Context(), targets, opts)
	if bar {
		fmt.Fprint(g.io.ErrOut, "\r\033[K")
	}
	return verdicts, err
}

// revealSolutions writes out the reference solution of every exercise
// that passed, as run and watch do after a pass: in a standalone
// workspace that is when each one arrives.
func revealSolutions(g *globals, ws *checker.Workspace, verdicts []*checker.Verdict) {
	for _, v := range verdicts {
		if !v.Passed() {
			continue
		}
		if _, err := ws.RevealSolution(v.Exercise); err != nil {
			fmt.Fprintf(g.io.ErrOut, "warning: could not write out the reference solution of %s: %v\n", v.Exercise.Name, err)
		}
	}
}

// progressBar returns what draws verify's bar on w as exercises are
// checked, and the notice of a slow build to use with it: the notice takes
// the bar's line, and the bar goes on under it.
func progressBar(w io.Writer, notice func()) (onDone func(done, total int), onSlow func()) {
	var mu sync.Mutex // the two are called from different goroutines
	last := ""
	onDone = func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		last = fmt.Sprintf("%s %d/%d checked", report.Bar(done, total, 30), done, total)
		fmt.Fprint(w, "\r"+last)
	}
	onSlow = func() {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprint(w, "\r\033[K")
		notice()
		fmt.Fprint(w, "\r"+last)
	}
	return onDone, onSlow
}

func countPassed(verdicts []*checker.Verdict) int {
	passed := 0
	for _, v := range verdicts {
		if v.Passed() {
			passed++
		}
	}
	return passed
}

// printVerdicts writes the JSON document, or a line per exercise and a
// summary.
func printVerdicts(g *globals, o *verifyOptions, ws *checker.Workspace, exs []*checker.Exercise, verdicts []*checker.Verdict, passed int, elapsed time.Duration) error {
	out := g.io.Out
	if o.json {
		return writeJSON(out, verdicts, passed)
	}
	width := report.NameWidth(exs)
	for _, v := range verdicts {
		report.Line(out, ws, v, width)
	}
	what := "exercises"
	if o.solutions {
		what = "solutions"
	}
	fmt.Fprintf(out, "\n%d of %d %s pass (%.1fs)\n", passed, len(verdicts), what, elapsed.Seconds())
	return nil
}

type jsonCheck struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Status  string   `json:"status"`
	Message []string `json:"message,omitempty"`
}

type jsonExercise struct {
	Name     string      `json:"name"`
	Dir      string      `json:"dir"`
	Status   string      `json:"status"`
	Summary  string      `json:"summary"`
	Checks   []jsonCheck `json:"checks"`
	Compiler []string    `json:"compiler,omitempty"`
	Details  []string    `json:"details,omitempty"`
	Seconds  float64     `json:"seconds"`
}

type jsonResults struct {
	Passed    bool           `json:"passed"`
	Total     int            `json:"total"`
	Pass      int            `json:"pass"`
	Exercises []jsonExercise `json:"exercises"`
}

func writeJSON(w io.Writer, verdicts []*checker.Verdict, passed int) error {
	doc := jsonResults{Passed: passed == len(verdicts), Total: len(verdicts), Pass: passed, Exercises: []jsonExercise{}}
	for _, v := range verdicts {
		je := jsonExercise{Name: v.Exercise.Name, Dir: v.Dir, Status: string(v.Status), Summary: v.Summary,
			Checks: []jsonCheck{}, Compiler: v.Compiler, Details: v.Details, Seconds: v.Elapsed.Seconds()}
		for _, c := range v.Checks {
			je.Checks = append(je.Checks, jsonCheck{Name: c.Name, Title: c.Title, Status: c.Status, Message: c.Message})
		}
		doc.Exercises = append(doc.Exercises, je)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

var compilerPosRE = regexp.MustCompile(`^(\S+\.go):(\d+)(?::(\d+))?: (.*)$`)

// annotate prints GitHub Actions workflow commands so failures show up on
// the lines they are about.
func annotate(w io.Writer, ws *checker.Workspace, verdicts []*checker.Verdict) {
	for _, v := range verdicts {
		if v.Passed() {
			continue
		}
		title := "futurelings: " + v.Exercise.Name
		emitted := false
		for _, l := range v.Compiler {
			if m := compilerPosRE.FindStringSubmatch(l); m != nil {
				loc := "file=" + m[1] + ",line=" + m[2]
				if m[3] != "" {
					loc += ",col=" + m[3]
				}
				fmt.Fprintf(w, "::error %s,title=%s::%s\n", loc, escapeProperty(title), escapeData(m[4]))
				emitted = true
			}
		}
		if emitted {
			continue
		}
		file, line := report.MainFile(ws, v.Dir), "1"
		for _, d := range v.Details {
			if m := regexp.MustCompile(`(\S+\.go):(\d+)`).FindStringSubmatch(d); m != nil {
				file, line = m[1], m[2]
				break
			}
		}
		msg := v.Summary
		for _, c := range v.Failing() {
			msg += "\n" + c.Title
			if len(c.Message) > 0 {
				msg += ": " + strings.Join(c.Message, "\n")
			}
		}
		fmt.Fprintf(w, "::error file=%s,line=%s,title=%s::%s\n", file, line, escapeProperty(title), escapeData(msg))
	}
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
