package watch

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/report"
)

// Keys that arrive as escape sequences are turned into the control bytes
// that mean the same to readline and emacs, so that a key stays one byte.
const (
	keyUp        = 0x10 // Ctrl-P
	keyDown      = 0x0e // Ctrl-N
	keyHome      = 0x01 // Ctrl-A
	keyEnd       = 0x05 // Ctrl-E
	keyBackspace = 0x7f
	keyCtrlH     = 0x08 // what some terminals send for backspace
)

// escapeKey turns an escape sequence from one read into a key.
func escapeKey(seq []byte) (byte, bool) {
	switch string(seq) {
	case "\x1b":
		return keyEsc, true
	case "\x1b[A", "\x1bOA":
		return keyUp, true
	case "\x1b[B", "\x1bOB":
		return keyDown, true
	case "\x1b[H", "\x1bOH", "\x1b[1~", "\x1b[7~":
		return keyHome, true
	case "\x1b[F", "\x1bOF", "\x1b[4~", "\x1b[8~":
		return keyEnd, true
	}
	return 0, false
}

// listFilter narrows the interactive list.
type listFilter int

const (
	showAll listFilter = iota
	showDone
	showPending
)

// listView is the interactive list of exercises that l opens in a
// terminal. While it is open the loop's own output (verdicts of checks that
// still run on saves) is not shown; leaving the list checks the current
// exercise again, which shows its verdict.
type listView struct {
	term      io.Writer // the terminal; the loop's Out is io.Discard meanwhile
	selected  *course.Exercise
	filter    listFilter
	search    string
	searching bool   // typing after /
	message   string // what the last action did
}

// interactive reports whether l opens the interactive list: it needs keys
// and a screen that can be redrawn.
func (l *loop) interactive() bool { return l.Terminal && l.Keys != nil }

// The list is drawn on the terminal's alternate screen, without a cursor
// and without wrapping long lines, and leaving it puts all three back.
const (
	enterListScreen = "\x1b[?1049h\x1b[?25l\x1b[?7l"
	leaveListScreen = "\x1b[?7h\x1b[?25h\x1b[?1049l"
)

func (l *loop) openList() {
	l.p.Reload() // other commands may have recorded passes
	l.list = &listView{term: l.Out, selected: l.cur}
	if l.p.AllDone() {
		l.list.selected = l.ws.Course.Exercises[0]
	}
	l.Out = io.Discard
	fmt.Fprint(l.list.term, enterListScreen)
	l.drawList()
}

// leaveList puts the terminal back as it was before the list, if the list
// is open.
func (l *loop) leaveList() {
	if l.list == nil {
		return
	}
	l.Out = l.list.term
	l.list = nil
	fmt.Fprint(l.Out, leaveListScreen)
}

// closeList goes back to the exercise, checking it again to show its
// verdict.
func (l *loop) closeList(ctx context.Context) {
	l.leaveList()
	fmt.Fprint(l.Out, clearScreen)
	l.header()
	l.request(ctx, "")
}

// rows are the exercises the list shows, in course order.
func (l *loop) rows() []*course.Exercise {
	v := l.list
	var rows []*course.Exercise
	for _, e := range l.ws.Course.Exercises {
		done := l.p.IsDone(e.Name)
		if (v.filter == showDone && !done) || (v.filter == showPending && done) {
			continue
		}
		if v.search != "" && !strings.Contains(e.Name, strings.ToLower(v.search)) {
			continue
		}
		rows = append(rows, e)
	}
	return rows
}

// listKey acts on a key while the list is open. It reports whether the
// session is over.
func (l *loop) listKey(ctx context.Context, k byte) (quit bool) {
	v := l.list
	if v.searching {
		switch {
		case k == keyCtrlC:
			return true
		case k == keyEsc:
			v.search, v.searching = "", false
		case k == '\r' || k == '\n':
			v.searching = false
		case k == keyBackspace || k == keyCtrlH:
			if v.search != "" {
				v.search = v.search[:len(v.search)-1]
			}
		case k >= ' ' && k < 0x7f:
			v.search += string(rune(k))
		}
		l.keepSelection()
		l.drawList()
		return false
	}
	rows := l.rows()
	at := indexOf(rows, v.selected)
	v.message = ""
	switch k {
	case keyCtrlC, keyCtrlD:
		return true
	case 'q', 'Q', keyEsc:
		l.closeList(ctx)
		return false
	case keyUp, 'k':
		if at > 0 {
			v.selected = rows[at-1]
		}
	case keyDown, 'j':
		if at >= 0 && at < len(rows)-1 {
			v.selected = rows[at+1]
		}
	case keyHome, 'g':
		if len(rows) > 0 {
			v.selected = rows[0]
		}
	case keyEnd, 'G':
		if len(rows) > 0 {
			v.selected = rows[len(rows)-1]
		}
	case 'd':
		v.filter = toggle(v.filter, showDone)
	case 'p':
		v.filter = toggle(v.filter, showPending)
	case '/':
		v.searching = true
	case 'c', '\r', '\n':
		if at < 0 {
			v.message = "No exercise is selected."
			break
		}
		e := v.selected
		l.leaveList()
		if e != l.cur {
			l.moveTo(e)
			if l.cancel != nil {
				l.cancel() // its verdict is of no use any more
			}
		}
		fmt.Fprint(l.Out, clearScreen)
		l.header()
		l.request(ctx, "")
		return false
	case 'r':
		if at < 0 {
			v.message = "No exercise is selected."
			break
		}
		v.message, _ = l.resetExercise(v.selected)
	}
	l.keepSelection()
	l.drawList()
	return false
}

// resetExercise puts e back as shipped and says what happened, in one
// line. It reports whether any file changed.
func (l *loop) resetExercise(e *course.Exercise) (msg string, changed bool) {
	res, err := l.ws.Reset(e)
	if err != nil {
		return fmt.Sprintf("Could not reset %s: %v", e.Name, err), false
	}
	l.record(checker.WasReset{Name: e.Name})
	switch {
	case res.Unchanged:
		return fmt.Sprintf("%s is already as shipped: nothing to reset.", e.Name), false
	case res.Backup == "":
		return fmt.Sprintf("%s is back as shipped (it was missing: nothing to back up).", e.Name), true
	}
	return fmt.Sprintf("%s is back as shipped; your version is in %s/", e.Name, report.Link(l.ws, res.Backup, 0)), true
}

func toggle(f, to listFilter) listFilter {
	if f == to {
		return showAll
	}
	return to
}

func indexOf(rows []*course.Exercise, e *course.Exercise) int {
	for i, r := range rows {
		if r == e {
			return i
		}
	}
	return -1
}

// keepSelection moves the selection onto a shown row when the filter or
// the search hid it.
func (l *loop) keepSelection() {
	rows := l.rows()
	if indexOf(rows, l.list.selected) >= 0 {
		return
	}
	if len(rows) > 0 {
		l.list.selected = rows[0]
	} else {
		l.list.selected = nil
	}
}

// drawList draws the whole list screen.
func (l *loop) drawList() {
	v := l.list
	l.resized()
	var b strings.Builder
	b.WriteString(clearScreen)
	report.Progress(&b, l.p.DoneCount(), len(l.ws.Course.Exercises))
	if l.p.AllDone() {
		fmt.Fprintf(&b, "%s Every exercise is done.\n", green("✓"))
	}
	var shown []string
	switch v.filter {
	case showDone:
		shown = append(shown, "done only")
	case showPending:
		shown = append(shown, "pending only")
	}
	if v.search != "" || v.searching {
		s := fmt.Sprintf("search %q", v.search)
		if v.searching {
			s += " (type, Enter to keep, Esc to clear)"
		}
		shown = append(shown, s)
	}
	if len(shown) > 0 {
		fmt.Fprintf(&b, "Showing: %s\n", strings.Join(shown, ", "))
	}
	b.WriteString("\n")

	var lines []string
	sel := -1
	width := report.NameWidth(l.ws.Course.Exercises)
	var lesson *course.Lesson
	for _, e := range l.rows() {
		if e.Lesson != nil && e.Lesson != lesson {
			if lesson != nil {
				lines = append(lines, "")
			}
			lesson = e.Lesson
			lines = append(lines, report.LessonTitle(lesson))
		}
		mark, cur := " ", " "
		if e == v.selected {
			mark = ">"
			sel = len(lines)
		}
		if e == l.cur && !l.p.AllDone() {
			cur = "▶"
		}
		state := yellow("pending")
		if l.p.IsDone(e.Name) {
			state = green("done   ")
		}
		line := fmt.Sprintf("%s %s %-*s  %s  %s", mark, cur, width, e.Name, state, faint(e.Dir))
		if e == v.selected {
			line = reverse(line)
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = append(lines, "  No exercise matches.")
	}
	// Keep the selection on screen when the list is taller than the room.
	if l.Rows > 0 {
		lines = fitLines(lines, sel, l.Rows-8)
	}
	for _, line := range lines {
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	if v.message != "" {
		b.WriteString(v.message + "\n")
	}
	fmt.Fprintf(&b, "%s/%s or %s/%s move  %s continue here  %s reset  %s done  %s pending  %s search  %s back\n",
		bold("↑"), bold("↓"), bold("j"), bold("k"), bold("c"), bold("r"), bold("d"), bold("p"), bold("/"), bold("q"))
	fmt.Fprint(v.term, b.String())
}

// fitLines keeps the room lines around the selected one when there are
// more; the first and last of them then say that there is more above or
// below. Less room than 4 lines keeps them all.
func fitLines(lines []string, sel, room int) []string {
	if room < 4 || len(lines) <= room {
		return lines
	}
	first := max(0, min(sel-room/2, len(lines)-room))
	end := first + room
	shown := append([]string{}, lines[first:end]...)
	if first > 0 {
		shown[0] = faint("  ↑ more above")
	}
	if end < len(lines) {
		shown[len(shown)-1] = faint("  ↓ more below")
	}
	return shown
}

// startJob runs work in the background, like a check: keys stay
// responsive. What work returns runs in the loop once it is done, and
// says whether the session is over.
func (l *loop) startJob(ctx context.Context, work func(ctx context.Context) func() bool) {
	jctx, cancel := context.WithCancel(ctx)
	l.jobs = append(l.jobs, cancel)
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer l.carryPanic()
		then := work(jctx)
		l.send(event{kind: evJob, then: then})
	}()
}

// checkAll checks every exercise, as verify does, records the passes and
// shows a summary, one line per exercise. Once every exercise is done the
// session ends with the course's final message, as when the last one
// passes; when the current one is done, it goes on to the next pending one.
func (l *loop) checkAll(ctx context.Context) {
	if l.checkingAll {
		fmt.Fprintln(l.Out, faint("Every exercise is being checked already."))
		return
	}
	l.checkingAll = true
	fmt.Fprintln(l.Out, faint("checking every exercise …"))
	exs := l.ws.Course.Exercises
	l.startJob(ctx, func(ctx context.Context) func() bool {
		vs, err := l.CheckAll(ctx, exs)
		return func() bool {
			l.checkingAll = false
			if ctx.Err() != nil {
				return false
			}
			if err != nil {
				l.screen()
				fmt.Fprintf(l.Out, "%s could not check the exercises: %v\n", red("✗"), err)
				l.footer()
				return false
			}
			recordErr := checker.Record(l.p, vs)
			if l.p.AllDone() {
				l.leaveList() // the end of the course is worth leaving the list
			}
			l.screen()
			if recordErr != nil {
				fmt.Fprintf(l.Out, "warning: %v\n", recordErr)
			}
			passed := 0
			width := report.NameWidth(exs)
			for _, v := range vs {
				report.Headline(l.Out, v, width)
				if v.Passed() {
					passed++
					// As after a pass in watch or run, the reference
					// solution is there to compare with.
					l.ws.RevealSolution(v.Exercise)
				}
			}
			fmt.Fprintf(l.Out, "\n%d of %d exercises pass.\n", passed, len(vs))
			if l.p.AllDone() {
				fmt.Fprintln(l.Out)
				l.finale()
				return true
			}
			if l.p.IsDone(l.cur.Name) && l.list == nil {
				next := l.p.NextPending(l.cur)
				report.Say(l.Out, "%s is done. Next up: %s (%s)", l.cur.Name, bold(next.Name), report.FileLink(l.ws, next.Dir))
				l.moveTo(next)
				if l.cancel != nil {
					l.cancel() // its verdict is of no use any more
				}
				l.keepScreen = l.Terminal
				l.request(ctx, "")
				return false
			}
			fmt.Fprintf(l.Out, "Press r to see the verdict of %s again.\n", l.cur.Name)
			l.footer()
			return false
		}
	})
}

// trace shows the poll-by-poll trace of the current exercise.
func (l *loop) trace(ctx context.Context) {
	e := l.cur
	fmt.Fprintln(l.Out, faint("tracing "+e.Name+" …"))
	l.startJob(ctx, func(ctx context.Context) func() bool {
		tr, err := l.ws.Trace(ctx, e, l.CheckOptions)
		return func() bool {
			if ctx.Err() != nil || e != l.cur {
				return false
			}
			fmt.Fprintln(l.Out)
			if err != nil {
				report.Say(l.Out, "%v", err)
			} else {
				report.Trace(l.Out, l.ws, tr)
			}
			l.footer()
			return false
		}
	})
}

// edit opens the current exercise in the learner's editor.
func (l *loop) edit() {
	if l.Edit == nil {
		fmt.Fprintln(l.Out, faint("No editor is set: set $EDITOR, or start watch with --edit-cmd."))
		return
	}
	if err := l.Edit(l.cur); err != nil {
		report.Say(l.Out, "%s could not open an editor: %v", red("✗"), err)
	}
}
