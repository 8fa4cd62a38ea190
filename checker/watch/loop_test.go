package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fatih/color"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/report"
)

// The loop tests drive the loop by hand: a fake watcher delivers changes,
// a fake clock and timer decide when a burst is over, and a fake checker
// hands each check to the test, which answers it. Nothing depends on how
// fast the machine is.

const courseFile = `format_version = 1
final_message = "All three done: the end."

[[exercise]]
name = "one"
dir = "exercises/a/one"
hint = "Hint one: read the doc comment."

[[exercise]]
name = "two"
dir = "exercises/a/two"
hint = "Hint two."

[[exercise]]
name = "three"
dir = "exercises/a/three"
hint = "Hint three."
`

func testWorkspace(t *testing.T) *checker.Workspace {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                       "module example.com/course\n\ngo 1.25.0\n",
		"exercises.toml":               courseFile,
		"exercises/a/one/one.go":       "package one\n",
		"exercises/a/two/two.go":       "package two\n",
		"exercises/a/three/three.go":   "package three\n",
		"solutions/a/one/one.go":       "package one\n",
		"solutions/a/two/two.go":       "package two\n",
		"solutions/a/three/three.go":   "package three\n",
		"exercises/a/three/helpers.go": "package three\n",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, data)
	}
	ws, err := checker.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// syncBuffer is the loop's output, read by the test while the loop writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type fakeWatcher struct {
	changes chan Change
	mu      sync.Mutex
	dirs    []string
	closed  bool
}

func (w *fakeWatcher) Watch(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.dirs = append(w.dirs, dir)
	return nil
}
func (w *fakeWatcher) Changes() <-chan Change { return w.changes }
func (w *fakeWatcher) Kind() string           { return "fake" }
func (w *fakeWatcher) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		close(w.changes)
	}
	return nil
}

func (w *fakeWatcher) lastDir() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dirs[len(w.dirs)-1]
}

// fakeClock is the loop's clock and its one timer.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	fire  func()
	armed chan time.Duration // every time the timer is set
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) afterFunc(d time.Duration, f func()) timer {
	c.mu.Lock()
	c.fire = f
	c.mu.Unlock()
	c.armed <- d
	return c
}
func (c *fakeClock) Reset(d time.Duration) bool { c.armed <- d; return true }
func (c *fakeClock) Stop() bool                 { return true }

type checkResult struct {
	v   *checker.Verdict
	err error
}

type harness struct {
	t       *testing.T
	ws      *checker.Workspace
	p       *checker.Progress
	out     *syncBuffer
	w       *fakeWatcher
	saves   int
	clock   *fakeClock
	started chan *course.Exercise // each check as it starts
	answers chan checkResult      // the answer to the running check
	all     chan []checker.Status // the answer to c's check of every exercise
	width   atomic.Int32          // the terminal's width, when set
	height  atomic.Int32          // and its height, 40 unless set
	resized chan struct{}         // tells the loop the terminal was resized
	after   chan string           // "learn NAME" and "vet NAME", as they run after a verdict
	keys    *io.PipeWriter
	shown   chan string // ShowSolution calls
	done    chan error  // Run's result
	cancel  context.CancelFunc
}

const debounce = 50 * time.Millisecond

// newHarness starts the loop on a fresh workspace, after prepare has set
// up the progress. With keys false the loop gets no key input.
func newHarness(t *testing.T, terminal, keys bool, prepare func(*checker.Progress)) *harness {
	t.Helper()
	color.NoColor = true
	ws := testWorkspace(t)
	h := &harness{
		t: t, ws: ws, p: checker.LoadProgress(ws), out: &syncBuffer{},
		w:       &fakeWatcher{changes: make(chan Change)},
		clock:   &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), armed: make(chan time.Duration, 100)},
		started: make(chan *course.Exercise, 10),
		answers: make(chan checkResult),
		shown:   make(chan string, 10),
		all:     make(chan []checker.Status),
		done:    make(chan error, 1),
		resized: make(chan struct{}, 1),
		after:   make(chan string, 100),
	}
	if prepare != nil {
		prepare(h.p)
	}
	kr, kw := io.Pipe()
	h.keys = kw
	opts := Options{
		Workspace: ws, Progress: h.p, Out: h.out, Terminal: terminal,
		Debounce: debounce,
		Check: func(ctx context.Context, e *course.Exercise) (*checker.Verdict, error) {
			h.started <- e
			select {
			case r := <-h.answers:
				return r.v, r.err
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		},
		CheckAll: func(ctx context.Context, exs []*course.Exercise) ([]*checker.Verdict, error) {
			var statuses []checker.Status
			select {
			case statuses = <-h.all:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			var vs []*checker.Verdict
			for i, e := range exs {
				v := &checker.Verdict{Exercise: e, Dir: e.Dir, Status: statuses[i], Summary: "1 of 2 checks fail, 1 more waits until it passes",
					Checks: []checker.Check{{Title: "first", Status: checker.CheckFail, Message: []string{"it went wrong"}},
						{Title: "second", Status: checker.CheckSkip, Message: []string{"not checked yet"}}}}
				if statuses[i] == checker.Passed {
					v.Summary, v.Checks = "the check passes", nil
				}
				vs = append(vs, v)
			}
			return vs, nil
		},
		NewWatcher: func(dir string, poll bool, interval time.Duration) (Watcher, string) {
			h.w.Watch(dir)
			return h.w, ""
		},
		ShowSolution: func(e *course.Exercise) {
			fmt.Fprintf(h.out, "solution of %s: %s\n", e.Name, e.SolutionDir())
			h.shown <- e.Name
		},
	}
	if keys {
		opts.Keys = kr
	}
	opts.Resized = h.resized
	opts.Learn = func(ctx context.Context, e *course.Exercise) { h.after <- "learn " + e.Name }
	opts.Vet = func(ctx context.Context, e *course.Exercise) []string {
		h.after <- "vet " + e.Name
		return nil
	}
	opts.Size = func() (int, int, bool) {
		w, rows := h.width.Load(), h.height.Load()
		if rows == 0 {
			rows = 40
		}
		return int(w), int(rows), w > 0
	}
	l, err := newLoop(opts)
	if err != nil {
		t.Fatal(err)
	}
	l.now = h.clock.Now
	l.afterFunc = h.clock.afterFunc
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- l.start(ctx) }()
	t.Cleanup(func() {
		cancel()
		kw.Close()
		select {
		case <-h.done:
		case <-time.After(patience):
			t.Error("the loop did not end")
		}
	})
	return h
}

// nextCheck waits for the next check to start and returns its exercise.
func (h *harness) nextCheck() string {
	h.t.Helper()
	select {
	case e := <-h.started:
		return e.Name
	case <-time.After(patience):
		h.t.Fatalf("no check started within %v; output:\n%s", patience, h.out.String())
	}
	return ""
}

// answer answers the running check of e with a verdict.
func (h *harness) answer(e string, status checker.Status) {
	h.t.Helper()
	ex := h.ws.Course.Lookup(e)
	v := &checker.Verdict{Exercise: ex, Dir: ex.Dir, Status: status, Summary: "1 of 1 checks fail"}
	if status == checker.Passed {
		v.Summary = "the check passes"
	}
	h.answers <- checkResult{v: v}
}

// change saves file with new contents, as an edit does, and delivers the
// watcher's event for it.
func (h *harness) change(file string) {
	h.t.Helper()
	h.saves++
	p := h.ws.Path(file)
	if f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0); err == nil {
		fmt.Fprintf(f, "\n// edit %d\n", h.saves)
		f.Close()
	}
	h.w.changes <- Change{Path: p}
	h.waitArmed()
}

// touch delivers a watcher's event for file without changing what it
// holds, as a save of an unedited file, or code rewriting it, does.
func (h *harness) touch(file string) {
	h.t.Helper()
	h.w.changes <- Change{Path: h.ws.Path(file)}
	h.waitArmed()
}

func (h *harness) waitArmed() time.Duration {
	h.t.Helper()
	select {
	case d := <-h.clock.armed:
		return d
	case <-time.After(patience):
		h.t.Fatalf("the loop did not set its timer; output:\n%s", h.out.String())
	}
	return 0
}

// fire lets the debounce time pass and fires the timer.
func (h *harness) fire(after time.Duration) {
	h.clock.advance(after)
	h.clock.mu.Lock()
	f := h.clock.fire
	h.clock.mu.Unlock()
	f()
}

func (h *harness) press(keys string) {
	h.t.Helper()
	if _, err := h.keys.Write([]byte(keys)); err != nil {
		h.t.Fatal(err)
	}
}

// waitOutput waits until the output matches re and returns it.
func (h *harness) waitOutput(re string) string {
	h.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(patience)
	for {
		out := h.out.String()
		if rx.MatchString(out) {
			return out
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("output did not match %q within %v:\n%s", re, patience, out)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) waitDone() error {
	h.t.Helper()
	select {
	case err := <-h.done:
		h.done <- err // for the clean-up
		return err
	case <-time.After(patience):
		h.t.Fatalf("watch did not end; output:\n%s", h.out.String())
	}
	return nil
}

// waitCount waits until re matches n times in the output and returns it.
func (h *harness) waitCount(re string, n int) string {
	h.t.Helper()
	return h.waitOutput(fmt.Sprintf(`(?s)(%s.*){%d}`, re, n))
}

// checkingLines returns the "checking" lines of the output.
func checkingLines(out string) []string {
	return regexp.MustCompile(`(?m)^checking .*$`).FindAllString(out, -1)
}

func TestLoopShowsProgressAndChecksAtOnce(t *testing.T) {
	h := newHarness(t, false, false, nil)
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("first check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	out := h.waitOutput(`✗ one: 1 of 1 checks fail`)
	for _, want := range []string{
		"Progress: [------------------------------] 0/3 exercises done\n",
		"Current exercise: one (exercises/a/one/one.go)\n",
		"Watching exercises/a/one for changes. No keys here: input is not a terminal. Stop with Ctrl-C (SIGINT) or SIGTERM.\n",
		"checking one\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape codes in the output of a log:\n%q", out)
	}
}

func TestLoopLogListsTheKeysWhenThereAreSome(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.waitOutput(`Watching exercises/a/one for changes. Keys: h hint, l list, n next, r check again, c check all, t trace, x reset, q quit.\n`)
}

func TestLoopBurstOfEventsIsOneCheck(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)

	// A write-to-temp-and-rename save: several events, some for one.go.
	for i := 0; i < 4; i++ {
		h.change("exercises/a/one/one.go")
		h.clock.advance(10 * time.Millisecond)
	}
	h.fire(0) // too early: the burst is not over
	h.fire(debounce)
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	h.press("r") // a marker: the next check must be this one
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	out := h.waitOutput(`(?s)checking one again\n.*✗ one`)
	want := []string{"checking one", "checking one after a change to one.go", "checking one again"}
	if got := checkingLines(out); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("checks: %q\nwant %q", got, want)
	}
}

func TestLoopSavesDuringACheckQueueExactlyOneMore(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)

	h.change("exercises/a/one/one.go")
	h.fire(debounce)
	h.nextCheck() // running, not answered yet

	// A re-check request and three saves while it runs.
	h.press("r")
	h.waitOutput(`A check is running; checking again when it ends.`)
	h.change("exercises/a/one/one.go")
	h.fire(debounce)
	h.change("exercises/a/three/../one/one.go")
	h.fire(debounce)
	h.change("exercises/a/one/extra.go")
	h.fire(debounce)
	h.answer("one", checker.Failed) // overtaken by the saves: not shown
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	h.waitCount(`✗ one`, 2)
	h.press("r") // a marker: the next check must be this one
	h.nextCheck()
	h.answer("one", checker.Failed)
	out := h.waitCount(`✗ one`, 3)

	want := []string{"checking one", "checking one after a change to one.go",
		"checking one again: one.go and extra.go changed during the check", // the one queued check
		"checking one again"} // the marker
	if got := checkingLines(out); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("checks: %q\nwant %q\noutput:\n%s", got, want, out)
	}
	if n := strings.Count(out, "checking again when"); n != 1 {
		t.Errorf("told %d times that a check waits, want once", n)
	}
	if n := strings.Count(out, "✗ one"); n != 3 {
		t.Errorf("%d verdicts shown, want 3 (the one overtaken by a save is not shown)", n)
	}
}

func TestLoopSaveDuringACheckNamesTheFiles(t *testing.T) {
	h := newHarness(t, false, false, nil)
	h.nextCheck()
	h.change("exercises/a/one/one.go")
	h.fire(debounce)
	h.waitOutput(`one.go changed during the check; checking again when this check ends.\n`)
	h.change("exercises/a/one/extra.go")
	h.fire(debounce)
	h.answer("one", checker.Failed)
	h.nextCheck()
	h.answer("one", checker.Failed)
	out := h.waitOutput(`checking one again: one.go and extra.go changed during the check\n✗ one`)
	if n := strings.Count(out, "✗ one"); n != 1 {
		t.Errorf("%d verdicts shown, want 1:\n%s", n, out)
	}
}

func TestLoopPassingMovesOn(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Passed)
	if e := <-h.shown; e != "one" {
		t.Errorf("solution shown for %s, want one", e)
	}
	if e := h.nextCheck(); e != "two" {
		t.Fatalf("after one passed, check of %s, want two", e)
	}
	out := h.waitOutput(`one is done: 1/3 exercises. Next up: two \(exercises/a/two/two.go\)`)
	if !strings.Contains(out, "✓ one: the check passes") || !strings.Contains(out, "solution of one: solutions/a/one") {
		t.Errorf("the pass is not shown with its solution:\n%s", out)
	}
	if got, want := h.w.lastDir(), h.ws.Path("exercises/a/two"); got != want {
		t.Errorf("watching %s, want %s", got, want)
	}
	saved := checker.LoadProgress(h.ws)
	if !saved.IsDone("one") || saved.Current().Name != "two" {
		t.Errorf("saved progress: one done %v, current %s; want one done, current two", saved.IsDone("one"), saved.Current().Name)
	}

	// The next verdict stays under the success message; later ones clear.
	h.answer("two", checker.Failed)
	out = h.waitOutput(`✗ two`)
	if i, j := strings.LastIndex(out, clearScreen), strings.Index(out, "✓ one"); i > j {
		t.Errorf("the screen was cleared after one passed, before the learner could read it:\n%q", out)
	}

	// Changes in the old folder no longer count.
	h.w.changes <- Change{Path: h.ws.Path("exercises/a/one/one.go")}
	h.change("exercises/a/two/two.go")
	h.fire(debounce)
	if e := h.nextCheck(); e != "two" {
		t.Fatalf("check of %s, want two", e)
	}
	h.answer("two", checker.Failed)
	out = h.waitOutput(`checking two after a change to two.go …\n` + regexp.QuoteMeta(clearScreen) + `Progress: \[###.*\] 1/3`)
	if strings.Contains(out, "one.go and two.go") {
		t.Errorf("a change in the old folder counted:\n%s", out)
	}
}

func TestLoopFinalMessage(t *testing.T) {
	h := newHarness(t, false, false, func(p *checker.Progress) {
		p.Apply(checker.DidPass{Name: "one"}, checker.DidPass{Name: "two"}, checker.ContinueAt{Name: "three"})
	})
	if e := h.nextCheck(); e != "three" {
		t.Fatalf("check of %s, want three", e)
	}
	h.answer("three", checker.Passed)
	if err := h.waitDone(); err != nil {
		t.Errorf("watch ended with %v", err)
	}
	out := h.out.String()
	if !strings.HasSuffix(out, "All three done: the end.\n") {
		t.Errorf("output does not end with the course's final message:\n%s", out)
	}
}

func TestLoopAllDoneAtStart(t *testing.T) {
	color.NoColor = true
	ws := testWorkspace(t)
	p := checker.LoadProgress(ws)
	p.Apply(checker.DidPass{Name: "one"}, checker.DidPass{Name: "two"}, checker.DidPass{Name: "three"})
	var out bytes.Buffer
	err := Run(context.Background(), Options{Workspace: ws, Progress: p, Out: &out,
		Check: func(context.Context, *course.Exercise) (*checker.Verdict, error) {
			t.Error("checked with every exercise done")
			return nil, errors.New("no")
		}})
	if err != nil || out.String() != "All three done: the end.\n" {
		t.Errorf("Run = %v, output %q; want nil and the final message", err, out.String())
	}
}

func TestLoopKeys(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`h hint  l list  n next  r check again  c check all  t trace  x reset  q quit`)

	h.press("h")
	h.waitOutput(`Hint for one\n.*\n\n  Hint one: read the doc comment.`)
	h.press("l")
	h.waitOutput(`> ▶ one +pending`)
	h.press("\x1b[B") // down: the selection moves, nothing else happens
	h.waitOutput(`>   two +pending`)
	h.press("x")
	h.press("q") // back to the exercise, which is checked again
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("after leaving the list, check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	out := h.waitOutput(`(?s)>   two.*✗ one.*h hint  l list`)
	if strings.Contains(out, "Moving on") {
		t.Fatalf("an escape sequence acted as keys:\n%s", out)
	}

	h.press("r")
	h.nextCheck()
	// n while a check runs: that check is dropped, the next exercise is
	// checked.
	h.press("n")
	h.waitOutput(`Moving on to two \(exercises/a/two/two.go\); one stays pending.`)
	if e := h.nextCheck(); e != "two" {
		t.Fatalf("after n, check of %s, want two", e)
	}
	if got := checker.LoadProgress(h.ws).Current().Name; got != "two" {
		t.Errorf("saved current exercise %s, want two", got)
	}
	h.answer("two", checker.Failed)
	h.waitOutput(`✗ two`)
	h.press("q")
	if err := h.waitDone(); err != nil {
		t.Errorf("q: watch ended with %v, want nil", err)
	}
}

func TestLoopPlainListWithoutAScreen(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)
	h.press("l")
	out := h.waitOutput(`▶ one +pending +exercises/a/one\n  two`)
	if strings.Contains(out, "> ") || strings.Contains(out, clearScreen) {
		t.Errorf("without a screen to redraw, l drew the interactive list:\n%s", out)
	}
	h.press("q")
	if err := h.waitDone(); err != nil {
		t.Errorf("q: watch ended with %v, want nil", err)
	}
}

func TestLoopCtrlCQuits(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.press("\x03") // raw mode: Ctrl-C is a byte, not a signal
	if err := h.waitDone(); err != nil {
		t.Errorf("Ctrl-C: watch ended with %v, want nil", err)
	}
}

func TestLoopEndsWithItsContext(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	h.cancel()
	if err := h.waitDone(); err != nil {
		t.Errorf("watch ended with %v, want nil", err)
	}
}

func TestLoopReportsACheckThatCannotRun(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	h.answers <- checkResult{err: errors.New("the Go toolchain was not found")}
	h.waitOutput(`✗ could not check one: the Go toolchain was not found`)
}

func TestLoopCarriesAPanicToTheCaller(t *testing.T) {
	color.NoColor = true
	ws := testWorkspace(t)
	w := &fakeWatcher{changes: make(chan Change)}
	var got any
	func() {
		defer func() { got = recover() }()
		Run(context.Background(), Options{Workspace: ws, Progress: checker.LoadProgress(ws), Out: io.Discard,
			NewWatcher: func(string, bool, time.Duration) (Watcher, string) { return w, "" },
			Check: func(context.Context, *course.Exercise) (*checker.Verdict, error) {
				panic("a bug in the checker")
			}})
	}()
	p, ok := got.(*goroutinePanic)
	if !ok || p.value != "a bug in the checker" || !strings.Contains(p.Error(), "a bug in the checker") {
		t.Fatalf("Run's caller got %#v; want the check's panic", got)
	}
}

func TestLoopFallsBackToPollingWhenTheWatcherFails(t *testing.T) {
	color.NoColor = true
	ws := testWorkspace(t)
	out := &syncBuffer{}
	w := &fakeWatcher{changes: make(chan Change, 1)}
	checks := make(chan string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Workspace: ws, Progress: checker.LoadProgress(ws), Out: out,
			PollInterval: 20 * time.Millisecond,
			NewWatcher:   func(string, bool, time.Duration) (Watcher, string) { return w, "" },
			Check: func(ctx context.Context, e *course.Exercise) (*checker.Verdict, error) {
				checks <- e.Name
				return &checker.Verdict{Exercise: e, Dir: e.Dir, Status: checker.Failed, Summary: "it fails"}, nil
			}})
	}()
	defer func() { cancel(); <-done }()
	h := &harness{t: t, out: out}
	h.waitOutput(`✗ one: it fails`)
	w.changes <- Change{Err: errors.New("inotify broke")}
	h.waitOutput(`Polling for changes every 20ms: file change notifications stopped working \(inotify broke\)\.\n` +
		`checking one again: changes may have been missed\n✗ one`)
	writeFile(t, ws.Path("exercises/a/one/one.go"), "package one // changed\n")
	h.waitOutput(`checking one after a change to one.go\n✗ one`)
}

func TestLoopListContinuesAtAnEarlierExercise(t *testing.T) {
	h := newHarness(t, true, true, func(p *checker.Progress) {
		p.Apply(checker.DidPass{Name: "one"}, checker.ContinueAt{Name: "two"})
	})
	if e := h.nextCheck(); e != "two" {
		t.Fatalf("check of %s, want two", e)
	}
	h.answer("two", checker.Failed)
	h.press("l")
	h.waitOutput(`> ▶ two +pending`)
	h.press("k")
	h.waitOutput(`>   one +done`)
	h.press("c")
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("after c on one, check of %s, want one", e)
	}
	if got := checker.LoadProgress(h.ws).Current().Name; got != "one" {
		t.Errorf("saved current exercise %s, want one", got)
	}
	h.answer("one", checker.Failed)
	h.press("l")
	h.press("/")
	h.press("th")
	h.waitOutput(`Showing: search "th"`)
	h.press("\r")
	h.waitOutput(`>   three +pending`)
	h.press("\x1b")
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("after leaving the list, check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	h.press("q")
	if err := h.waitDone(); err != nil {
		t.Errorf("q: watch ended with %v, want nil", err)
	}
}

// A save that leaves the files as they were when they were last checked
// (an unedited file saved again) starts no check; the r key still does.
func TestLoopUnchangedSaveIsNotChecked(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)
	h.touch("exercises/a/one/one.go")
	h.fire(debounce)
	h.press("r")
	h.nextCheck()
	h.answer("one", checker.Failed)
	out := h.waitOutput(`(?s)checking one again\n.*✗ one`)
	if got := checkingLines(out); strings.Join(got, "|") != "checking one|checking one again" {
		t.Errorf("checks: %q", got)
	}
}

// Code that writes into its own folder during every check (here: the
// same bytes, then new ones each time) does not make watch check forever.
func TestLoopCodeWritingItsOwnFolderDoesNotLoop(t *testing.T) {
	h := newHarness(t, false, true, nil)
	h.nextCheck()
	// The checked code rewrites one.go as it was: no check follows.
	h.touch("exercises/a/one/one.go")
	h.fire(debounce)
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)

	// Now it changes one.go during every check: the first change is a
	// save of the learner's; then three checks in a row are asked for only
	// by the code's own writes, and that is where watch stops.
	h.change("exercises/a/one/one.go")
	h.fire(debounce)
	for i := 0; i <= maxSelfChanges; i++ {
		h.nextCheck()
		h.change("exercises/a/one/one.go")
		h.fire(debounce)
		h.answer("one", checker.Failed)
	}
	select {
	case e := <-h.started:
		t.Errorf("another check of %s started", e.Name)
	case <-time.After(300 * time.Millisecond):
	}
	h.waitOutput(`one.go changed during each of the last 3 checks: does your code write files into its own folder\? Watch waits for your next save.`)
}

// x resets the current exercise only once the learner says y: any other
// key leaves the files alone and starts no check.
func TestLoopResetAsksFirst(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)
	mine, err := os.ReadFile(h.ws.Path("exercises/a/one/one.go"))
	if err != nil {
		t.Fatal(err)
	}
	h.press("x")
	h.waitOutput(`Reset one \(exercises/a/one/one.go\) to as shipped\? Your version is copied to \.futurelings/backups/ first\. Press y to reset it, any other key to keep it\.`)
	h.press("n")
	h.waitOutput(`one is left as it is\.`)
	if now, _ := os.ReadFile(h.ws.Path("exercises/a/one/one.go")); string(now) != string(mine) {
		t.Errorf("the exercise changed without a y")
	}
	// The n answered the question: it did not also move on.
	h.press("r")
	if e := h.nextCheck(); e != "one" {
		t.Fatalf("check of %s, want one", e)
	}
	h.answer("one", checker.Failed)
	if out := h.waitCount(`✗ one`, 2); strings.Contains(out, "Moving on") {
		t.Errorf("the answer to the reset question acted as a key:\n%s", out)
	}
}

// The keys under a verdict fit the terminal's width, and the line above
// them names the file to edit: the bottom of the screen is what stays in
// sight under a long verdict.
func TestLoopFooterFitsTheTerminal(t *testing.T) {
	defer func(w int) { report.Width = w }(report.Width)
	report.Width = 50
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	out := h.waitOutput(`q quit\n`)
	footer := out[strings.LastIndex(out, "Save exercises/a/one/one.go to check it again."):]
	for _, want := range []string{"h hint", "l list", "n next", "r check again", "c check all", "t trace", "x reset", "q quit"} {
		if !strings.Contains(footer, want) {
			t.Errorf("the footer lacks %q:\n%s", want, footer)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(footer), "\n") {
		if n := len([]rune(line)); n > 50 || strings.HasPrefix(line, " ") {
			t.Errorf("footer line %q (%d columns) does not fit 50 columns, or starts with spaces", line, n)
		}
	}
}

// The list is a screen of its own: it is drawn on the alternate screen
// without a cursor, and leaving it, by q or by the end of the session,
// puts the terminal back.
func TestLoopListUsesTheAlternateScreen(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)
	h.press("l")
	h.waitOutput(regexp.QuoteMeta(enterListScreen) + `(?s).*> ▶ one`)
	h.press("q")
	h.waitOutput(regexp.QuoteMeta(leaveListScreen))
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.press("l")
	h.waitCount(regexp.QuoteMeta(enterListScreen), 2)
	h.cancel() // SIGTERM, SIGHUP and SIGINT end the context
	if err := h.waitDone(); err != nil {
		t.Fatal(err)
	}
	if out := h.out.String(); !strings.HasSuffix(out, leaveListScreen) {
		t.Errorf("the session ended in the list without leaving its screen:\n%q", out[max(0, len(out)-200):])
	}
}

// Once every exercise is done (here by another command), the list says so
// and marks none as current.
func TestLoopListWhenEverythingIsDone(t *testing.T) {
	h := newHarness(t, true, true, func(p *checker.Progress) {
		p.Apply(checker.DidPass{Name: "one"}, checker.DidPass{Name: "two"}, checker.ContinueAt{Name: "three"})
	})
	h.nextCheck()
	h.answer("three", checker.Failed)
	h.waitOutput(`✗ three`)
	if err := checker.LoadProgress(h.ws).Apply(checker.DidPass{Name: "three"}); err != nil {
		t.Fatal(err)
	}
	h.press("l")
	out := h.waitOutput(`Every exercise is done\.(?s).*three +done`)
	list := out[strings.LastIndex(out, clearScreen):]
	if strings.Contains(list, "▶") {
		t.Errorf("an exercise is still marked current with every one done:\n%s", list)
	}
}

// c checks every exercise and shows one line for each; when the current
// exercise turns out to pass, watch goes on to the next pending one.
func TestLoopCheckAllSummary(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)
	h.press("c")
	h.waitOutput(`checking every exercise …`)
	h.all <- []checker.Status{checker.Failed, checker.Passed, checker.Failed}
	out := h.waitOutput(`1 of 3 exercises pass\.\nPress r to see the verdict of one again\.\n`)
	summary := out[strings.LastIndex(out, clearScreen):]
	for _, want := range []string{"✗ one   failed: 1 of 2 checks fail", "✓ two   passed\n", "✗ three failed: "} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "it went wrong") || strings.Contains(summary, "not checked yet") {
		t.Errorf("the summary has more than one line per exercise:\n%s", summary)
	}
	if !checker.LoadProgress(h.ws).IsDone("two") {
		t.Errorf("two's pass was not recorded")
	}

	// Now one passes too (saved meanwhile): on to three, the one left.
	h.press("c")
	h.all <- []checker.Status{checker.Passed, checker.Passed, checker.Failed}
	h.waitOutput(`2 of 3 exercises pass\.\none is done\. Next up: three \(exercises/a/three/three.go\)`)
	if e := h.nextCheck(); e != "three" {
		t.Fatalf("check of %s, want three", e)
	}
	h.answer("three", checker.Failed)
	h.waitOutput(`(?s)Next up: three.*─{10,}\n\nCurrent exercise: three \(exercises/a/three/three.go\)\n\n✗ three`)
}

// When c finds every exercise done, the course is over: watch shows its
// final message and ends, as when the last exercise passes.
func TestLoopCheckAllFinishesTheCourse(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`✗ one`)
	h.press("c")
	h.all <- []checker.Status{checker.Passed, checker.Passed, checker.Passed}
	if err := h.waitDone(); err != nil {
		t.Fatalf("watch ended with %v", err)
	}
	out := h.out.String()
	if !strings.HasSuffix(out, "3 of 3 exercises pass.\n\nAll three done: the end.\n") {
		t.Errorf("the output does not end with the summary and the course's final message:\n%s", out)
	}
}

// A terminal resized during the session gets screens of its new size.
func TestLoopFollowsTheTerminalsSize(t *testing.T) {
	defer func(w int) { report.Width = w }(report.Width)
	report.Width = 200
	h := newHarness(t, true, true, nil)
	h.width.Store(50)
	h.nextCheck()
	h.answer("one", checker.Failed)
	out := h.waitOutput(`q quit\n`)
	if !strings.Contains(out, "check it again.\nh hint") {
		t.Errorf("the keys were not wrapped to the terminal's new width of 50:\n%s", out)
	}
	h.width.Store(200)
	h.press("r")
	h.nextCheck()
	h.answer("one", checker.Failed)
	out = h.waitCount(`q quit\n`, 2)
	if last := out[strings.LastIndex(out, clearScreen):]; !strings.Contains(last, "check it again.  h hint") {
		t.Errorf("the keys were not drawn on one line once the terminal was 200 wide again:\n%s", last)
	}
}

// After a failing verdict the next check is prepared, then vet runs; code
// that does not compile gets neither.
func TestLoopLearnsThenVetsAfterAVerdict(t *testing.T) {
	h := newHarness(t, true, true, nil)
	h.nextCheck()
	h.answer("one", checker.Failed)
	for _, want := range []string{"learn one", "vet one"} {
		select {
		case got := <-h.after:
			if got != want {
				t.Errorf("after the verdict: %s, want %s", got, want)
			}
		case <-time.After(patience):
			t.Fatalf("after the verdict, no %s", want)
		}
	}
	h.press("r")
	h.nextCheck()
	h.answer("one", checker.CompileError)
	h.waitCount(`q quit\n`, 2)
	select {
	case got := <-h.after:
		t.Errorf("after a verdict on code that does not compile: %s", got)
	case <-time.After(100 * time.Millisecond):
	}
}

// An open list is drawn again, to the terminal's new size, as soon as the
// terminal is resized: no key is needed.
func TestListFollowsAResize(t *testing.T) {
	defer func(w int) { report.Width = w }(report.Width)
	h := newHarness(t, true, true, nil)
	h.width.Store(200)
	h.nextCheck()
	h.answer("one", checker.Failed)
	h.waitOutput(`q quit\n`)
	h.press("l")
	h.waitOutput(`> ▶ one +pending`)
	h.width.Store(30)
	h.resized <- struct{}{}
	out := h.waitCount(`> ▶ one +pending`, 2)
	if last := out[strings.LastIndex(out, clearScreen):]; !strings.Contains(last, "▶ one") || report.Width != 30 {
		t.Errorf("after the resize, the list was drawn at width %d:\n%s", report.Width, last)
	}
	h.press("q")
	h.nextCheck()
	h.resized <- struct{}{} // the list is closed: nothing is drawn for it
	h.answer("one", checker.Failed)
	out = h.waitCount(`q quit\n`, 2)
	if n := strings.Count(out, "> ▶ one"); n != 2 {
		t.Errorf("the list was drawn %d times, want 2 (once on l, once on the resize):\n%s", n, out)
	}
}

// A list taller than the terminal shows the part around the selection,
// and says that there is more above or below.
func TestListFitsTheTerminal(t *testing.T) {
	color.NoColor = true
	var lines []string
	for i := range 20 {
		lines = append(lines, fmt.Sprintf("line %d", i))
	}
	for _, tt := range []struct {
		sel, room   int
		first, last string
	}{
		{0, 6, "line 0", "  ↓ more below"},
		{10, 6, "  ↑ more above", "  ↓ more below"},
		{19, 6, "  ↑ more above", "line 19"},
		{5, 20, "line 0", "line 19"}, // it fits
		{5, 3, "line 0", "line 19"},  // too little room to cut
	} {
		got := fitLines(lines, tt.sel, tt.room)
		want := len(lines)
		if tt.room >= 4 {
			want = min(tt.room, len(lines))
		}
		if len(got) != want {
			t.Errorf("sel %d, room %d: %d lines, want %d", tt.sel, tt.room, len(got), want)
		}
		if got[0] != tt.first || got[len(got)-1] != tt.last || !slices.Contains(got, lines[tt.sel]) {
			t.Errorf("sel %d, room %d: %q", tt.sel, tt.room, got)
		}
	}
}
