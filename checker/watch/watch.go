// Package watch is the loop behind "futurelings watch": it checks the
// exercise the learner is on whenever one of its Go files is saved, shows
// the verdict, and moves on to the next exercise when it passes.
//
// Everything that happens (a file change, a key, a finished check, the
// debounce timer) is an event on one channel, and one loop acts on the
// events in order. Checks run in a goroutine of their own so that keys stay
// responsive; saves during a check queue exactly one more check, which runs
// when the first one ends. Files are watched with fsnotify ([Notifier]), or
// polled ([Poller]) where notifications cannot be trusted.
//
// The package knows nothing about terminals: the command puts the terminal
// in raw mode and hands its input over as [Options.Keys].
package watch

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/report"
)

// Options configures a watch session.
type Options struct {
	Workspace *checker.Workspace
	// Progress is the learner's progress; the loop records passes in it
	// and saves it.
	Progress *checker.Progress
	// Out receives everything the loop shows.
	Out io.Writer
	// Terminal means Out is a terminal: the screen is cleared before each
	// verdict and the keys are listed under it. Otherwise the output is a
	// log, one line per event.
	Terminal bool
	// Keys, if set, delivers the learner's key presses one byte each, from
	// a terminal in raw mode. When nil the session has no keys.
	Keys io.Reader
	// Check checks one exercise. When nil, Workspace.Check does, with
	// CheckOptions.
	Check func(ctx context.Context, e *course.Exercise) (*checker.Verdict, error)
	// CheckAll checks every exercise (the c key). When nil,
	// Workspace.Check does, with CheckOptions.
	CheckAll     func(ctx context.Context, exs []*course.Exercise) ([]*checker.Verdict, error)
	CheckOptions checker.Options
	// Poll forces polling the files every PollInterval instead of file
	// change notifications.
	Poll         bool
	PollInterval time.Duration
	// Debounce is how long a burst of file events must be quiet before it
	// becomes a check; DefaultDebounce when 0.
	Debounce time.Duration
	// NewWatcher starts the file watcher for a folder; Start when nil. The
	// notice, if not empty, says why it polls.
	NewWatcher func(dir string, poll bool, interval time.Duration) (w Watcher, notice string)
	// ShowSolution, if set, is called when an exercise passes, to show the
	// learner where its reference solution is.
	ShowSolution func(e *course.Exercise)
	// Rows is the terminal's height, when known: a longer interactive list
	// scrolls.
	Rows int
	// Size, if set, tells the terminal's width and height now: a terminal
	// can be resized during a session. Each screen is drawn to the size
	// it tells, in place of Rows and report.Width.
	Size func() (width, height int, ok bool)
	// Edit, if set, opens the current exercise's file in the learner's
	// editor (the e key).
	Edit func(e *course.Exercise) error
	// Vet, if set, returns go vet's findings about an exercise, shown
	// after its verdict.
	Vet func(ctx context.Context, e *course.Exercise) []string
	// Learn, if set, prepares the next check of an exercise after its
	// verdict (see checker.Workspace.Learn), before Vet runs.
	Learn func(ctx context.Context, e *course.Exercise)
	// Resized, if set, receives when the terminal has changed size: the
	// list, if it is open, is drawn again at once to the new size.
	Resized <-chan struct{}
}

// Key bytes the loop understands besides the letters.
const (
	keyCtrlC = 3 // what Ctrl-C sends in raw mode, where it raises no signal
	keyCtrlD = 4
	keyEsc   = 0x1b
)

// clearScreen moves the cursor home and clears the screen.
const clearScreen = "\x1b[H\x1b[2J"

type eventKind int

const (
	evChange  eventKind = iota // the watcher saw a change (or failed)
	evKey                      // a key was pressed
	evTick                     // the debounce timer fired
	evChecked                  // a check finished
	evPanic                    // a goroutine of the loop panicked
	evJob                      // background work (check all, trace) ended
)

type event struct {
	kind eventKind

	change  Change
	watcher Watcher // the watcher a change came from

	key byte

	exercise *course.Exercise // the exercise that was checked
	verdict  *checker.Verdict
	err      error

	panic *goroutinePanic

	then func() (quit bool) // what an evJob does in the loop
}

// goroutinePanic carries a panic from one of the loop's goroutines to the
// loop, which panics with it in the caller's goroutine: there the caller's
// deferred clean-up (restoring the terminal) runs before the program dies.
type goroutinePanic struct {
	value any
	stack []byte
}

func (p *goroutinePanic) Error() string {
	return fmt.Sprintf("%v\n\n[panicked in a goroutine of the watch loop]\n%s", p.value, p.stack)
}

type loop struct {
	Options
	ws *checker.Workspace
	p  *checker.Progress

	events chan event
	done   chan struct{} // closed when Run returns; unblocks senders
	wg     sync.WaitGroup

	cur     *course.Exercise
	watcher Watcher
	notice  string // why the files are polled, if they are

	deb   *debouncer
	timer timer

	// The clock and the timer factory; tests replace them to drive the
	// debouncing by hand.
	now       func() time.Time
	afterFunc func(time.Duration, func()) timer

	q   queue
	why string // why the next check runs, for its "checking" line
	// changedDuring are the files saved while the running check ran.
	changedDuring []string
	queuedNote    bool               // the learner was told a check waits
	cancel        context.CancelFunc // stops the running check
	stopAfter     context.CancelFunc // stops what follows the last verdict (learning, go vet)

	// checkedPrint is what the current exercise's Go files held when its
	// last check started; selfChanges counts checks in a row that were
	// asked for only by files changing while a check ran. Together they
	// keep code that writes into its own folder from re-checking forever.
	checkedPrint string
	selfChanges  int
	askedAgain   bool // a check was asked for, not only files changed, during this one

	// keepScreen keeps the success message of an exercise that just passed
	// on screen under the first verdict of the next one.
	keepScreen bool

	confirmReset bool // x asked whether to reset the current exercise

	list        *listView            // the interactive list, while open
	jobs        []context.CancelFunc // stop background work on the way out
	checkingAll bool                 // c is checking every exercise
}

// timer is what the loop needs of a *time.Timer.
type timer interface {
	Reset(time.Duration) bool
	Stop() bool
}

// Run watches the current exercise until the learner quits, ctx ends or
// every exercise is done. Quitting is not an error.
func Run(ctx context.Context, opts Options) error {
	l, err := newLoop(opts)
	if err != nil {
		return err
	}
	return l.start(ctx)
}

func newLoop(opts Options) (*loop, error) {
	if opts.Workspace == nil || opts.Progress == nil || opts.Out == nil {
		return nil, errors.New("watch: Workspace, Progress and Out are required")
	}
	l := &loop{
		Options:   opts,
		ws:        opts.Workspace,
		p:         opts.Progress,
		events:    make(chan event, 16),
		done:      make(chan struct{}),
		deb:       newDebouncer(opts.Debounce),
		now:       time.Now,
		afterFunc: func(d time.Duration, f func()) timer { return time.AfterFunc(d, f) },
	}
	if l.Check == nil {
		l.Check = func(ctx context.Context, e *course.Exercise) (*checker.Verdict, error) {
			vs, err := l.ws.Check(ctx, checker.Targets([]*course.Exercise{e}), l.CheckOptions)
			if err != nil {
				return nil, err
			}
			return vs[0], nil
		}
	}
	if l.CheckAll == nil {
		l.CheckAll = func(ctx context.Context, exs []*course.Exercise) ([]*checker.Verdict, error) {
			return l.ws.Check(ctx, checker.Targets(exs), l.CheckOptions)
		}
	}
	if l.NewWatcher == nil {
		l.NewWatcher = Start
	}
	if l.PollInterval <= 0 {
		l.PollInterval = DefaultPollInterval
	}
	return l, nil
}

func (l *loop) start(ctx context.Context) error {
	l.cur = l.p.Current()
	if l.cur == nil || l.p.AllDone() {
		l.finale()
		return nil
	}
	defer l.shutdown()
	w, notice := l.NewWatcher(l.dir(), l.Poll, l.PollInterval)
	l.useWatcher(w, notice)
	if l.Keys != nil {
		go l.readKeys(l.Keys)
	}
	l.header()
	if !l.Terminal {
		msg := fmt.Sprintf("Watching %s for changes.", l.cur.Dir)
		if l.Keys == nil {
			msg += " No keys here: input is not a terminal. Stop with Ctrl-C (SIGINT) or SIGTERM."
		} else {
			var keys []string
			for _, k := range l.keys() {
				keys = append(keys, k.key+" "+k.what)
			}
			msg += " Keys: " + strings.Join(keys, ", ") + "."
		}
		fmt.Fprintln(l.Out, msg)
	}
	l.request(ctx, "")
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-l.events:
			if quit := l.handle(ctx, ev); quit {
				return nil
			}
		case <-l.Resized:
			if l.list != nil {
				l.drawList()
			}
		}
	}
}

// shutdown stops what the loop started and waits, briefly, for a running
// check to end, so that no go test is left behind.
func (l *loop) shutdown() {
	l.leaveList()
	close(l.done)
	if l.timer != nil {
		l.timer.Stop()
	}
	if l.cancel != nil {
		l.cancel()
	}
	for _, cancel := range l.jobs {
		cancel()
	}
	if l.watcher != nil {
		l.watcher.Close()
	}
	finished := make(chan struct{})
	go func() { l.wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
	}
}

// handle acts on one event. It reports whether the session is over.
func (l *loop) handle(ctx context.Context, ev event) (quit bool) {
	switch ev.kind {
	case evPanic:
		panic(ev.panic)
	case evChange:
		l.changed(ctx, ev)
	case evTick:
		if files, ok := l.deb.due(l.now()); ok {
			if !l.q.busy() {
				if fingerprint(l.dir()) == l.checkedPrint {
					break // saved as it was: nothing new to check
				}
				l.selfChanges = 0
				l.request(ctx, describeChange(files))
				break
			}
			l.changedDuring = merge(l.changedDuring, files)
			what := describeFiles(l.changedDuring)
			l.requestAfterChange(ctx, "again: "+what+" changed during the check")
			l.queued(what + " changed during the check")
		}
	case evKey:
		return l.key(ctx, ev.key)
	case evChecked:
		return l.checked(ctx, ev)
	case evJob:
		return ev.then()
	}
	return false
}

func (l *loop) changed(ctx context.Context, ev event) {
	if ev.watcher != l.watcher {
		return // from a watcher replaced since
	}
	c := ev.change
	switch {
	case c.Err != nil:
		l.fallback(fmt.Sprintf("file change notifications stopped working (%v)", c.Err))
		l.request(ctx, "again: changes may have been missed")
	case c.Lost:
		l.arm(l.deb.add("", l.now()))
	case sameDir(filepath.Dir(c.Path), l.dir()):
		l.arm(l.deb.add(c.Path, l.now()))
	}
}

// arm sets the debounce timer to fire after wait.
func (l *loop) arm(wait time.Duration) {
	if l.timer == nil {
		l.timer = l.afterFunc(wait, func() { l.send(event{kind: evTick}) })
		return
	}
	l.timer.Reset(wait)
}

func (l *loop) key(ctx context.Context, k byte) (quit bool) {
	if l.list != nil {
		return l.listKey(ctx, k)
	}
	if l.confirmReset && k != keyCtrlC && k != keyCtrlD {
		l.confirmReset = false
		if k != 'y' && k != 'Y' {
			fmt.Fprintf(l.Out, "%s is left as it is.\n", l.cur.Name)
			return false
		}
		msg, changed := l.resetExercise(l.cur)
		report.Say(l.Out, "%s", msg)
		if changed {
			// The verdict of the shipped code goes under that line.
			l.keepScreen = l.Terminal
			l.request(ctx, "after the reset")
		}
		return false
	}
	switch k {
	case 'q', 'Q', keyCtrlC, keyCtrlD:
		return true
	case 'h', 'H':
		fmt.Fprintln(l.Out)
		h, err := checker.NextHint(l.ws, l.cur)
		report.Hint(l.Out, l.ws, l.cur, h, "Press h again")
		if err != nil {
			fmt.Fprintf(l.Out, "%v\n", err)
		}
	case 'l', 'L':
		if l.interactive() {
			l.openList()
			break
		}
		fmt.Fprintln(l.Out)
		l.p.Reload()
		report.List(l.Out, l.ws, l.p)
	case 'c', 'C':
		l.checkAll(ctx)
	case 't', 'T':
		l.trace(ctx)
	case 'e', 'E':
		l.edit()
	case 'x', 'X':
		l.confirmReset = true
		fmt.Fprintln(l.Out)
		report.Say(l.Out, "Reset %s (%s) to as shipped? Your version is copied to .futurelings/backups/ first. Press y to reset it, any other key to keep it.",
			l.cur.Name, report.MainFile(l.ws, l.cur.Dir))
	case 'r', 'R':
		l.request(ctx, "again")
		l.queued("")
	case 'n', 'N':
		next := l.p.NextPending(l.cur)
		if next == nil || next == l.cur {
			fmt.Fprintf(l.Out, "\n%s is the only exercise left.\n", l.cur.Name)
			return false
		}
		fmt.Fprintln(l.Out)
		report.Say(l.Out, "Moving on to %s (%s); %s stays pending.", next.Name, report.FileLink(l.ws, next.Dir), l.cur.Name)
		l.moveTo(next)
		if l.cancel != nil {
			l.cancel() // its verdict is of no use any more
		}
		l.request(ctx, "")
	case '\r', '\n', ' ':
	default:
		l.footer()
	}
	return false
}

// request asks for a check of the current exercise: now if none is
// running, else once the running one ends.
func (l *loop) request(ctx context.Context, why string) {
	l.why = why
	if l.q.request() {
		l.startCheck(ctx)
	} else {
		l.askedAgain = true
	}
}

// requestAfterChange asks for a check because files changed while one ran:
// it is skipped if they end up as they were when that check started.
func (l *loop) requestAfterChange(ctx context.Context, why string) {
	l.why = why
	if l.q.request() {
		l.startCheck(ctx)
	}
}

// queued tells the learner, once per running check, that what they did
// while it ran will be checked when it ends.
func (l *loop) queued(what string) {
	if !l.q.waiting || l.queuedNote {
		return
	}
	l.queuedNote = true
	msg := "A check is running; checking again when it ends."
	if what != "" {
		msg = what + "; checking again when this check ends."
	}
	if l.Terminal {
		msg = faint(msg)
	}
	fmt.Fprintln(l.Out, msg)
}

func (l *loop) startCheck(ctx context.Context) {
	e, why := l.cur, l.why
	l.checkedPrint = fingerprint(l.dir())
	if l.stopAfter != nil {
		l.stopAfter() // the code it was vetting is being checked again
	}
	l.askedAgain = false
	l.changedDuring = nil
	l.queuedNote = false
	line := "checking " + e.Name
	if why != "" {
		line += " " + why
	}
	if l.Terminal {
		fmt.Fprintln(l.Out, faint(line+" …"))
	} else {
		fmt.Fprintln(l.Out, line)
	}
	cctx, cancel := context.WithCancel(ctx)
	l.cancel = cancel
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer l.carryPanic()
		v, err := l.Check(cctx, e)
		l.send(event{kind: evChecked, exercise: e, verdict: v, err: err})
	}()
}

func (l *loop) checked(ctx context.Context, ev event) (quit bool) {
	l.cancel()
	if l.q.finished() {
		switch {
		case ev.exercise == l.cur && !l.askedAgain && fingerprint(l.dir()) == l.checkedPrint:
			// Rewritten as it was (by the checked code itself, say): the
			// verdict is about these very files.
			l.q.finished()
		case ev.exercise == l.cur && !l.askedAgain && l.selfChanges >= maxSelfChanges:
			l.q.finished()
			report.Say(l.Out, "%s changed during each of the last %d checks: does your code write files into its own folder? Watch waits for your next save.",
				describeFiles(l.changedDuring), maxSelfChanges)
		default:
			// Something changed during the check, or the learner moved on:
			// the verdict is out of date before it is shown. Check the
			// files as they are now instead.
			if !l.askedAgain {
				l.selfChanges++
			}
			l.startCheck(ctx)
			return false
		}
	}
	if ev.exercise != l.cur {
		return false
	}
	if ev.err != nil {
		if ctx.Err() != nil {
			return false
		}
		l.screen()
		fmt.Fprintf(l.Out, "%s could not check %s: %v\n", red("✗"), l.cur.Name, ev.err)
		l.footer()
		return false
	}
	v := ev.verdict
	if v.Passed() {
		l.record(checker.DidPass{Name: l.cur.Name})
		// Moving on, or the end of the course, is worth leaving the list.
		l.leaveList()
	}
	l.screen()
	report.Verdict(l.Out, l.ws, v)
	if !v.Passed() {
		l.afterVerdict(ctx, v)
		l.footer()
		return false
	}
	return l.advance(ctx)
}

// afterVerdict prepares the exercise's next check and runs go vet on it
// once its verdict is on the screen, so that neither ever delays a
// verdict, and shows vet's findings under it once they are in, if nothing
// has moved on since. A new check stops both.
func (l *loop) afterVerdict(ctx context.Context, v *checker.Verdict) {
	if (l.Vet == nil && l.Learn == nil) || v.Status == checker.CompileError || v.Status == checker.Missing {
		return
	}
	e, shown := l.cur, l.checkedPrint
	vctx, stop := context.WithCancel(ctx)
	l.stopAfter = stop
	l.startJob(vctx, func(ctx context.Context) func() bool {
		if l.Learn != nil {
			l.Learn(ctx, e)
		}
		var findings []string
		if l.Vet != nil {
			findings = l.Vet(ctx, e)
		}
		return func() bool {
			if len(findings) > 0 && l.cur == e && !l.q.busy() && l.list == nil && l.checkedPrint == shown {
				report.Vet(l.Out, findings)
			}
			return false
		}
	})
}

// maxSelfChanges is how many checks in a row files may change during
// before watch stops checking again on its own.
const maxSelfChanges = 3

// fingerprint sums the names and contents of the Go files in dir.
func fingerprint(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), len(data))
		h.Write(data)
	}
	return string(h.Sum(nil))
}

// advance moves on after the current exercise passed. It reports whether
// the course is over.
func (l *loop) advance(ctx context.Context) (quit bool) {
	done := l.cur
	fmt.Fprintln(l.Out)
	if l.ShowSolution != nil {
		l.ShowSolution(done)
	}
	next := l.p.NextPending(done)
	if next == nil {
		fmt.Fprintln(l.Out)
		l.finale()
		return true
	}
	report.Say(l.Out, "%s is done: %d/%d exercises. Next up: %s (%s)",
		done.Name, l.p.DoneCount(), len(l.ws.Course.Exercises), bold(next.Name), report.FileLink(l.ws, next.Dir))
	l.moveTo(next)
	l.keepScreen = l.Terminal
	l.request(ctx, "")
	return false
}

// moveTo makes e the current exercise and watches its folder.
func (l *loop) moveTo(e *course.Exercise) {
	l.cur = e
	l.record(checker.ContinueAt{Name: e.Name})
	l.deb.reset()
	if err := l.watcher.Watch(l.dir()); err != nil {
		l.fallback(fmt.Sprintf("file change notifications failed (%s)", explain(err)))
	}
}

func (l *loop) finale() {
	if f := strings.TrimSpace(l.ws.Course.Final); f != "" {
		fmt.Fprintln(l.Out, f)
		return
	}
	report.Say(l.Out, "%s Every exercise is done: you have written futures, executors and the state machines async code turns into.", green("✓"))
	fmt.Fprintln(l.Out, "'futurelings list' shows them all; 'futurelings run NAME' checks one again.")
}

// dir is the absolute folder of the current exercise.
func (l *loop) dir() string { return l.ws.Path(l.cur.Dir) }

// record applies what happened to the progress file, which other commands
// may be changing too.
func (l *loop) record(changes ...checker.Change) {
	if err := l.p.Apply(changes...); err != nil {
		fmt.Fprintf(l.Out, "warning: %v\n", err)
	}
}

// useWatcher makes w the watcher and forwards its changes to the loop.
func (l *loop) useWatcher(w Watcher, notice string) {
	l.watcher = w
	if notice != "" {
		l.notice = fmt.Sprintf("Polling for changes every %v: %s.", l.PollInterval, notice)
		fmt.Fprintln(l.Out, l.notice)
	}
	go func() {
		defer l.carryPanic()
		for c := range w.Changes() {
			if !l.send(event{kind: evChange, change: c, watcher: w}) {
				return
			}
		}
	}()
}

// fallback replaces a failed watcher with polling.
func (l *loop) fallback(why string) {
	if l.watcher != nil {
		l.watcher.Close()
	}
	l.useWatcher(NewPoller(l.dir(), l.PollInterval), why)
}

func (l *loop) readKeys(r io.Reader) {
	defer l.carryPanic()
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		// An escape sequence (arrow and function keys) comes in one read:
		// it is one key, or none the loop knows.
		keys := buf[:n]
		if n > 0 && buf[0] == keyEsc {
			keys = nil
			if k, ok := escapeKey(buf[:n]); ok {
				keys = []byte{k}
			}
		}
		for _, b := range keys {
			if !l.send(event{kind: evKey, key: b}) {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// send delivers ev to the loop; it reports false once the loop is gone.
func (l *loop) send(ev event) bool {
	select {
	case l.events <- ev:
		return true
	case <-l.done:
		return false
	}
}

// carryPanic hands a panic of the calling goroutine to the loop.
func (l *loop) carryPanic() {
	if r := recover(); r != nil {
		p := &goroutinePanic{value: r, stack: debug.Stack()}
		if !l.send(event{kind: evPanic, panic: p}) {
			panic(p)
		}
	}
}

// screen starts the display of a verdict: in a terminal a clean screen
// with the progress on top, in a log nothing.
func (l *loop) screen() {
	if !l.Terminal {
		return
	}
	l.resized()
	if l.keepScreen {
		// The top of the screen is about the exercise that passed: say
		// which one this verdict is about.
		l.keepScreen = false
		fmt.Fprintf(l.Out, "\n%s\n\n", faint(strings.Repeat("─", 60)))
		l.currentLine()
		fmt.Fprintln(l.Out)
		return
	}
	fmt.Fprint(l.Out, clearScreen)
	l.header()
}

// resized takes the terminal's size as it is now.
func (l *loop) resized() {
	if l.Size == nil {
		return
	}
	if w, h, ok := l.Size(); ok {
		report.Width, l.Rows = w, h
	}
}

// header shows the progress and the current exercise.
func (l *loop) header() {
	report.Progress(l.Out, l.p.DoneCount(), len(l.ws.Course.Exercises))
	l.currentLine()
	// The course's welcome stays on screen until the first exercise passes.
	if w := strings.TrimSpace(l.ws.Course.Welcome); w != "" && l.p.DoneCount() == 0 {
		fmt.Fprintf(l.Out, "\n%s\n", w)
	}
	if l.notice != "" && l.Terminal {
		fmt.Fprintln(l.Out, faint(l.notice))
	}
	fmt.Fprintln(l.Out)
}

// currentLine names the current exercise and its file.
func (l *loop) currentLine() {
	fmt.Fprintf(l.Out, "Current exercise: %s (%s)\n", bold(l.cur.Name), report.FileLink(l.ws, l.cur.Dir))
}

// footer says what the learner can do next (terminal only).
func (l *loop) footer() {
	if !l.Terminal {
		return
	}
	fmt.Fprintln(l.Out)
	// The bottom of the screen is what stays in sight when a verdict is
	// longer than the terminal: it names the file to edit.
	save := faint("Save ") + faint(report.FileLink(l.ws, l.cur.Dir)) + faint(" to check it again.")
	if l.Keys == nil {
		fmt.Fprintln(l.Out, save+faint(" Ctrl-C stops."))
		return
	}
	line, width := save, len("Save  to check it again.")+len(report.MainFile(l.ws, l.cur.Dir))
	for _, k := range l.keys() {
		n := len(k.key) + 1 + len(k.what)
		// Wrapped by hand where the terminal is too narrow for one line.
		if report.Width > 0 && width+2+n > report.Width {
			fmt.Fprintln(l.Out, line)
			line, width = "", 0
		}
		if width > 0 {
			line, width = line+"  ", width+2
		}
		line, width = line+bold(k.key)+" "+k.what, width+n
	}
	fmt.Fprintln(l.Out, line)
}

type keyHelp struct{ key, what string }

// keys are the keys watch takes, as the footer and the log list them.
func (l *loop) keys() []keyHelp {
	keys := []keyHelp{{"h", "hint"}, {"l", "list"}, {"n", "next"}, {"r", "check again"}, {"c", "check all"}, {"t", "trace"}}
	if l.Edit != nil {
		keys = append(keys, keyHelp{"e", "edit"})
	}
	return append(keys, keyHelp{"x", "reset"}, keyHelp{"q", "quit"})
}

// describeChange says which files a check follows a change to.
func describeChange(files []string) string {
	switch len(files) {
	case 0:
		return "after a change"
	case 1:
		return "after a change to " + files[0]
	}
	return "after changes to " + describeFiles(files)
}

// describeFiles lists file names in words: "a.go, b.go and c.go".
func describeFiles(files []string) string {
	switch len(files) {
	case 0:
		return "files"
	case 1:
		return files[0]
	}
	return strings.Join(files[:len(files)-1], ", ") + " and " + files[len(files)-1]
}

// merge adds the names in more that names lacks.
func merge(names, more []string) []string {
	for _, n := range more {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

var (
	faint   = report.Paint(color.Faint)
	bold    = report.Paint(color.Bold)
	green   = report.Paint(color.FgGreen)
	red     = report.Paint(color.FgRed)
	yellow  = report.Paint(color.FgYellow)
	reverse = report.Paint(color.ReverseVideo)
)
