// Package report prints verdicts, progress and lists for people: full
// verdicts for one exercise, one line per exercise for a whole course, and
// progress bars. Colour comes from fatih/color, whose global switch the
// command line sets once at start-up; with colour off the text is the same,
// only plain.
package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fatih/color"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/course"
)

var (
	green  = Paint(color.FgGreen)
	red    = Paint(color.FgRed)
	yellow = Paint(color.FgYellow)
	bold   = Paint(color.Bold)
	faint  = Paint(color.Faint)
	cyan   = Paint(color.FgCyan)
)

// Paint returns a function that colours its text when color.NoColor, which
// the command line sets once its flags are parsed, allows it. Unlike
// color.New(...).SprintFunc(), which looks at NO_COLOR when the package is
// loaded and then for good, it leaves the decision to the command line
// (--color=always wins over NO_COLOR).
func Paint(attrs ...color.Attribute) func(a ...any) string {
	return func(a ...any) string {
		if color.NoColor {
			return fmt.Sprint(a...)
		}
		c := color.New(attrs...)
		c.EnableColor()
		return c.Sprint(a...)
	}
}

// Symbols used before verdicts and checks.
const (
	passMark = "✓"
	failMark = "✗"
)

// Mark returns the coloured symbol for a verdict.
func Mark(v *checker.Verdict) string {
	if v.Passed() {
		return green(passMark)
	}
	return red(failMark)
}

// statusWord is the one-word verdict shown in compact lines.
func statusWord(s checker.Status) string {
	switch s {
	case checker.Passed:
		return green("passed")
	case checker.Failed:
		return red("failed")
	case checker.CompileError:
		return red("does not compile")
	case checker.TimedOut:
		return red("timed out")
	case checker.Crashed:
		return red("crashed")
	case checker.Missing:
		return red("missing")
	}
	return string(s)
}

// MainFile returns the file a learner should open for an exercise folder:
// the Go file named after the folder if there is one, else the first
// non-test Go file, else the folder itself. The path is relative to the
// workspace.
func MainFile(ws *checker.Workspace, dir string) string {
	entries, err := os.ReadDir(ws.Path(dir))
	if err != nil {
		return dir
	}
	var goFiles []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			goFiles = append(goFiles, n)
		}
	}
	if len(goFiles) == 0 {
		return dir
	}
	sort.Strings(goFiles)
	base := filepath.Base(filepath.FromSlash(dir)) + ".go"
	for _, n := range goFiles {
		if n == base {
			return dir + "/" + n
		}
	}
	return dir + "/" + goFiles[0]
}

// FileLink is MainFile of dir as a Link.
func FileLink(ws *checker.Workspace, dir string) string {
	return Link(ws, MainFile(ws, dir), 0)
}

// Verdict prints the full verdict of one exercise: what happened, every
// check with its message, compiler output, and where to look.
func Verdict(w io.Writer, ws *checker.Workspace, v *checker.Verdict) {
	name := bold(v.Exercise.Name)
	fmt.Fprintf(w, "%s %s: %s\n", Mark(v), name, v.Summary)
	fmt.Fprintf(w, "  %s\n", faint(FileLink(ws, v.Dir)))
	if len(v.Compiler) > 0 {
		fmt.Fprintln(w)
		for _, l := range limitLines(v.Compiler, 30) {
			fmt.Fprintf(w, "  %s\n", LinkPositions(ws, l))
		}
	}
	if len(v.Details) > 0 {
		fmt.Fprintln(w)
		for _, l := range v.Details {
			fmt.Fprintf(w, "  %s\n", LinkPositions(ws, l))
		}
	}
	if len(v.Checks) > 0 {
		fmt.Fprintln(w)
		// Failing checks first: they are what the learner needs to read.
		// The checks that wait for them take a line each: why they wait
		// is what the failures say.
		brief := len(reasons(v)) > 0 && reasons(v)[0].Status == checker.CheckFail
		for _, c := range byUrgency(v.Checks) {
			if brief && c.Status == checker.CheckSkip {
				fmt.Fprintf(w, "  %s %s %s\n", yellow("-"), c.Title, faint("(not checked yet)"))
				continue
			}
			printCheck(w, ws, c, 12)
		}
	}
	if v.Status == checker.Crashed && v.Output != "" && len(v.Checks) > 0 && allNotRun(v.Checks) {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "  "+faint("output:"))
		for _, l := range limitLines(strings.Split(v.Output, "\n"), 15) {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
}

func allNotRun(cs []checker.Check) bool {
	for _, c := range cs {
		if c.Status != checker.CheckNotRun {
			return false
		}
	}
	return true
}

func printCheck(w io.Writer, ws *checker.Workspace, c checker.Check, maxLines int) {
	switch c.Status {
	case checker.CheckPass:
		fmt.Fprintf(w, "  %s %s\n", green(passMark), c.Title)
		// What a passing check measured is shown quietly: often it is the
		// lesson's conclusion, in the learner's own figures.
		msg := c.Message
		if len(msg) > 2 {
			msg = msg[:2]
		}
		for _, l := range msg {
			for _, part := range wrap(l, Width-6) {
				fmt.Fprintf(w, "      %s\n", faint(part))
			}
		}
		return
	case checker.CheckNotRun:
		fmt.Fprintf(w, "  %s %s %s\n", yellow("-"), c.Title, faint("(did not run)"))
		return
	case checker.CheckSkip:
		fmt.Fprintf(w, "  %s %s %s\n", yellow("-"), c.Title, faint("(skipped)"))
	default:
		fmt.Fprintf(w, "  %s %s\n", red(failMark), c.Title)
	}
	for _, l := range limitLines(c.Message, maxLines) {
		for _, part := range wrap(l, Width-6) {
			fmt.Fprintf(w, "      %s\n", LinkPositions(ws, part))
		}
	}
}

// Width is the terminal's width in columns: long messages are wrapped at
// word boundaries to fit it. Zero (not a terminal) leaves lines as they are.
var Width int

// Say prints a sentence, wrapped at word boundaries to the terminal's
// Width.
func Say(w io.Writer, format string, args ...any) {
	for _, l := range wrap(fmt.Sprintf(format, args...), Width) {
		fmt.Fprintln(w, l)
	}
}

// wrap breaks a line at spaces so that no piece is longer than width, when
// it can; the pieces after the first keep the line's own indentation.
func wrap(line string, width int) []string {
	if width < 20 || len(line) <= width {
		return []string{line}
	}
	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	var out []string
	rest := line
	for len(rest) > width {
		cut := strings.LastIndexByte(rest[:width+1], ' ')
		if cut <= len(indent) {
			break // one long word: let the terminal deal with it
		}
		out = append(out, strings.TrimRight(rest[:cut], " "))
		rest = indent + strings.TrimLeft(rest[cut:], " ")
	}
	return append(out, rest)
}

// byUrgency orders checks for reading: failures, then those that did not
// run or were skipped, then passes; otherwise in their own order.
func byUrgency(cs []checker.Check) []checker.Check {
	rank := func(c checker.Check) int {
		switch c.Status {
		case checker.CheckFail:
			return 0
		case checker.CheckPass:
			return 2
		}
		return 1
	}
	out := append([]checker.Check{}, cs...)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// limitLines keeps about n lines (all when n is 0) and says how many it
// left out. It never leaves out just a few lines, and it always keeps the
// last one, which is often what the rest leads up to (a total, a
// conclusion).
func limitLines(lines []string, n int) []string {
	if n <= 0 || len(lines) <= n+4 {
		return lines
	}
	out := append([]string{}, lines[:n-1]...)
	out = append(out, faint(moreLines(len(lines)-n)))
	return append(out, lines[len(lines)-1])
}

func moreLines(n int) string {
	if n == 1 {
		return "... 1 more line"
	}
	return fmt.Sprintf("... %d more lines", n)
}

// Line prints the compact one-line verdict used when checking many
// exercises, followed, for a failure, by the first messages that explain it.
func Line(w io.Writer, ws *checker.Workspace, v *checker.Verdict, width int) {
	Headline(w, v, width)
	if v.Passed() {
		return
	}
	var lines []string
	lines = append(lines, v.Compiler...)
	lines = append(lines, v.Details...)
	for _, c := range reasons(v) {
		msg := c.Title
		if len(c.Message) > 0 {
			msg += ": " + c.Message[0]
		}
		lines = append(lines, msg)
	}
	if len(lines) > maxReasons {
		more := len(lines) - (maxReasons - 1)
		lines = append(lines[:maxReasons-1:maxReasons-1], faint(fmt.Sprintf("... and %d more", more)))
	}
	for _, l := range lines {
		fmt.Fprintf(w, "    %s\n", LinkPositions(ws, l))
	}
}

// maxReasons is how many lines at most explain a failure under its Line.
const maxReasons = 4

// Headline prints the one line of a verdict: its mark, the exercise and
// what happened, with nothing under it.
func Headline(w io.Writer, v *checker.Verdict, width int) {
	fmt.Fprintf(w, "%s %-*s %s", Mark(v), width, v.Exercise.Name, statusWord(v.Status))
	if !v.Passed() {
		if rest, ok := strings.CutPrefix(v.Summary, "it does not compile"); ok && v.Status == checker.CompileError {
			// "does not compile: it does not compile" says it twice.
			if rest = strings.TrimLeft(rest, " :;,"); rest != "" {
				fmt.Fprintf(w, ": %s", rest)
			}
		} else {
			fmt.Fprintf(w, ": %s", v.Summary)
		}
	}
	fmt.Fprintln(w)
}

// reasons are the checks whose messages explain a failure: those that
// failed. The ones skipped until those pass say only that, and the
// summary counts them; they are shown only when no check failed (a
// program that stopped before its checks ran, say).
func reasons(v *checker.Verdict) []checker.Check {
	var failed []checker.Check
	for _, c := range v.Checks {
		if c.Status == checker.CheckFail {
			failed = append(failed, c)
		}
	}
	if len(failed) > 0 {
		return failed
	}
	return byUrgency(v.Failing())
}

// Bar draws a progress bar of the given width for done out of total.
func Bar(done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	filled := done * width / total
	return "[" + green(strings.Repeat("#", filled)) + strings.Repeat("-", width-filled) + "]"
}

// Progress prints "Progress: [####----] 3/9 exercises done".
func Progress(w io.Writer, done, total int) {
	fmt.Fprintf(w, "Progress: %s %d/%d exercises done\n", Bar(done, total, 30), done, total)
}

// List prints every exercise with its state under its lesson's title, the
// current one marked, or says that every exercise is done.
func List(w io.Writer, ws *checker.Workspace, p *checker.Progress) {
	cur := p.Current()
	all := p.AllDone()
	width := nameWidth(ws.Course.Exercises)
	var lesson *course.Lesson
	for _, e := range ws.Course.Exercises {
		if e.Lesson != nil && e.Lesson != lesson {
			if lesson != nil {
				fmt.Fprintln(w)
			}
			lesson = e.Lesson
			fmt.Fprintln(w, LessonTitle(lesson))
		}
		marker := "  "
		if !all && cur != nil && e.Name == cur.Name {
			marker = cyan("▶ ")
		}
		state := yellow("pending")
		if p.IsDone(e.Name) {
			state = green("done   ")
		}
		fmt.Fprintf(w, "%s%-*s  %s  %s\n", marker, width, e.Name, state, faint(e.Dir))
	}
	fmt.Fprintln(w)
	Progress(w, p.DoneCount(), len(ws.Course.Exercises))
	if all {
		fmt.Fprintf(w, "%s Every exercise is done. 'futurelings run NAME' checks one again.\n", green("✓"))
	}
}

// LessonTitle is a lesson's heading: "Lesson 2: State machines".
func LessonTitle(l *course.Lesson) string {
	return bold(fmt.Sprintf("Lesson %d: %s", l.Number, l.Title))
}

func nameWidth(exs []*course.Exercise) int {
	n := 0
	for _, e := range exs {
		n = max(n, len(e.Name))
	}
	return n
}

// NameWidth is the width of the longest exercise name, for aligning Line.
func NameWidth(exs []*course.Exercise) int { return nameWidth(exs) }

// Hint prints one level of an exercise's hint. again says how to ask for
// the next level ("run futurelings hint again", "press h again").
func Hint(w io.Writer, ws *checker.Workspace, e *course.Exercise, h checker.HintLevel, again string) {
	if h.Of > 1 {
		fmt.Fprintf(w, "%s %s\n", bold(fmt.Sprintf("Hint %d of %d for", h.Level, h.Of)), bold(e.Name))
	} else {
		fmt.Fprintf(w, "%s %s\n", bold("Hint for"), bold(e.Name))
	}
	fmt.Fprintf(w, "  %s\n\n", faint(FileLink(ws, e.Dir)))
	indent(w, h.Text)
	switch {
	case !h.Last():
		fmt.Fprintf(w, "\n  %s\n", faint(fmt.Sprintf("Stuck still? %s for hint %d of %d.", again, h.Level+1, h.Of)))
	case h.Of > 1:
		fmt.Fprintf(w, "\n  %s\n", faint("That was the last level; futurelings hint --all shows every level at once."))
	}
}

// HintAll prints every level of an exercise's hint.
func HintAll(w io.Writer, ws *checker.Workspace, e *course.Exercise) {
	fmt.Fprintf(w, "%s %s\n", bold("Hints for"), bold(e.Name))
	fmt.Fprintf(w, "  %s\n", faint(FileLink(ws, e.Dir)))
	for i, h := range e.Hints {
		if len(e.Hints) > 1 {
			fmt.Fprintf(w, "\n  %s\n", bold(fmt.Sprintf("%d of %d", i+1, len(e.Hints))))
		}
		fmt.Fprintln(w)
		indent(w, h)
	}
}

func indent(w io.Writer, text string) {
	for _, l := range strings.Split(text, "\n") {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

// Trace prints an exercise's trace, or, when it did not run to its end, the
// lines it got to and why it stopped. It reports whether it ran to its end.
func Trace(w io.Writer, ws *checker.Workspace, tr *checker.Trace) bool {
	if tr.OK() {
		fmt.Fprintf(w, "Trace of %s (%s)\n\n", tr.Exercise.Name, FileLink(ws, tr.Exercise.Dir))
	}
	for _, l := range tr.Lines {
		fmt.Fprintln(w, l)
	}
	if tr.OK() {
		return true
	}
	if len(tr.Lines) > 0 {
		fmt.Fprintln(w)
	}
	Verdict(w, ws, tr.Verdict)
	return false
}

// Vet prints go vet's findings about the learner's code, after a verdict:
// advice that the checks do not grade, as go test would have shown it.
func Vet(w io.Writer, findings []string) {
	if len(findings) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", yellow("go vet says:"))
	for _, f := range findings {
		fmt.Fprintf(w, "  %s\n", f)
	}
}
