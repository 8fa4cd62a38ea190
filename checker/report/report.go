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
	green  = color.New(color.FgGreen).SprintFunc()
	red    = color.New(color.FgRed).SprintFunc()
	yellow = color.New(color.FgYellow).SprintFunc()
	bold   = color.New(color.Bold).SprintFunc()
	faint  = color.New(color.Faint).SprintFunc()
	cyan   = color.New(color.FgCyan).SprintFunc()
)

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

// Verdict prints the full verdict of one exercise: what happened, every
// check with its message, compiler output, and where to look.
func Verdict(w io.Writer, ws *checker.Workspace, v *checker.Verdict) {
	name := bold(v.Exercise.Name)
	fmt.Fprintf(w, "%s %s: %s\n", Mark(v), name, v.Summary)
	fmt.Fprintf(w, "  %s\n", faint(MainFile(ws, v.Dir)))
	if len(v.Compiler) > 0 {
		fmt.Fprintln(w)
		for _, l := range limitLines(v.Compiler, 30) {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	if len(v.Details) > 0 {
		fmt.Fprintln(w)
		for _, l := range v.Details {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	if len(v.Checks) > 0 {
		fmt.Fprintln(w)
		// Failing checks first: they are what the learner needs to read.
		for _, c := range byUrgency(v.Checks) {
			printCheck(w, c, 12)
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

func printCheck(w io.Writer, c checker.Check, maxLines int) {
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
			fmt.Fprintf(w, "      %s\n", part)
		}
	}
}

// Width is the terminal's width in columns: long messages are wrapped at
// word boundaries to fit it. Zero (not a terminal) leaves lines as they are.
var Width int

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
	out = append(out, faint(fmt.Sprintf("... %d more lines", len(lines)-n)))
	return append(out, lines[len(lines)-1])
}

// Line prints the compact one-line verdict used when checking many
// exercises, followed, for a failure, by the first messages that explain it.
func Line(w io.Writer, v *checker.Verdict, width int) {
	fmt.Fprintf(w, "%s %-*s %s", Mark(v), width, v.Exercise.Name, statusWord(v.Status))
	if !v.Passed() {
		fmt.Fprintf(w, ": %s", v.Summary)
	}
	fmt.Fprintln(w)
	if v.Passed() {
		return
	}
	var lines []string
	lines = append(lines, v.Compiler...)
	lines = append(lines, v.Details...)
	for _, c := range byUrgency(v.Failing()) {
		msg := c.Title
		if len(c.Message) > 0 {
			msg += ": " + c.Message[0]
		}
		lines = append(lines, msg)
	}
	for _, l := range limitLines(lines, 4) {
		fmt.Fprintf(w, "    %s\n", l)
	}
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

// List prints every exercise with its state, the current one marked.
func List(w io.Writer, ws *checker.Workspace, p *checker.Progress) {
	cur := p.Current()
	width := nameWidth(ws.Course.Exercises)
	for _, e := range ws.Course.Exercises {
		marker := "  "
		if cur != nil && e.Name == cur.Name {
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

// Hint prints an exercise's hint.
func Hint(w io.Writer, ws *checker.Workspace, e *course.Exercise) {
	fmt.Fprintf(w, "%s %s\n", bold("Hint for"), bold(e.Name))
	fmt.Fprintf(w, "  %s\n\n", faint(MainFile(ws, e.Dir)))
	for _, l := range strings.Split(e.Hint, "\n") {
		fmt.Fprintf(w, "  %s\n", l)
	}
}
