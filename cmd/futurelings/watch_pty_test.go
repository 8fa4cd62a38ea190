//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// End-to-end tests of "futurelings watch": the real binary (the test binary
// that testscript.Main puts on PATH as futurelings), the real go command, a
// real workspace, in a pseudo-terminal or with pipes. They wait for output
// with generous deadlines and never assert on how long anything took.

const watchPatience = 90 * time.Second

// watchOutput collects what the session prints.
type watchOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *watchOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

// String returns the output so far, with the terminal's "\r\n" as "\n".
func (o *watchOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return strings.ReplaceAll(o.buf.String(), "\r\n", "\n")
}

// watchSession is one futurelings watch process.
type watchSession struct {
	t    *testing.T
	ws   string // the workspace
	cmd  *exec.Cmd
	out  *watchOutput
	ptmx *os.File // the terminal's controlling side; nil without a terminal
	tty  *os.File // the terminal the process runs in, kept open to read its state
	// before is the terminal's state before watch started.
	before *term.State
	exited chan struct{}
	err    error // from Wait, once exited is closed
}

// watchWorkspace lays out a fresh workspace for one test.
func watchWorkspace(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end watch tests run the go command")
	}
	ws := t.TempDir()
	if err := copyWorkspace(ws); err != nil {
		t.Fatal(err)
	}
	return ws
}

func watchEnv(t *testing.T) []string {
	env := os.Environ()
	for k, v := range goEnv(t) {
		env = append(env, k+"="+v)
	}
	return append(env, "TERM=xterm")
}

// startWatch runs futurelings watch in ws with args: in a pseudo-terminal
// when terminal is true, else with standard input from /dev/null and
// output to a pipe.
func startWatch(t *testing.T, ws string, terminal bool, args ...string) *watchSession {
	t.Helper()
	return startCommand(t, ws, terminal, append([]string{"watch"}, args...)...)
}

// startCommand runs futurelings with args as startWatch runs watch.
func startCommand(t *testing.T, ws string, terminal bool, args ...string) *watchSession {
	t.Helper()
	bin, err := exec.LookPath("futurelings")
	if err != nil {
		t.Fatalf("the futurelings command is not on PATH (testscript.Main puts it there): %v", err)
	}
	s := &watchSession{t: t, ws: ws, out: &watchOutput{}, exited: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = ws
	s.cmd.Env = watchEnv(t)
	if terminal {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		s.ptmx, s.tty = ptmx, tty
		pty.Setsize(ptmx, &pty.Winsize{Rows: 60, Cols: 200})
		if s.before, err = term.GetState(int(tty.Fd())); err != nil {
			t.Fatal(err)
		}
		s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
		go io.Copy(s.out, ptmx)
	} else {
		s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			s.cmd.Process.Kill()
			<-s.exited
		}
		if s.ptmx != nil {
			s.ptmx.Close()
			s.tty.Close()
		}
		if t.Failed() {
			t.Logf("watch output:\n%s", s.out.String())
		}
	})
	return s
}

// waitCount waits until re matches at least n times in the output, and
// returns the output.
func (s *watchSession) waitCount(re string, n int) string {
	s.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(watchPatience)
	for {
		out := s.out.String()
		if len(rx.FindAllStringIndex(out, -1)) >= n {
			return out
		}
		select {
		case <-s.exited:
			s.t.Fatalf("watch exited (%v) before %q matched %d times", s.err, re, n)
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%q did not match %d times within %v", re, n, watchPatience)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *watchSession) wait(re string) string {
	s.t.Helper()
	return s.waitCount(re, 1)
}

func (s *watchSession) count(re string) int {
	return len(regexp.MustCompile(re).FindAllStringIndex(s.out.String(), -1))
}

func (s *watchSession) press(keys string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(keys)); err != nil {
		s.t.Fatal(err)
	}
}

// exitStatus waits for the process to end and returns its exit status.
func (s *watchSession) exitStatus() int {
	s.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(watchPatience):
		s.t.Fatalf("watch did not exit within %v", watchPatience)
	}
	var ee *exec.ExitError
	if errors.As(s.err, &ee) {
		return ee.ExitCode()
	}
	if s.err != nil {
		s.t.Fatal(s.err)
	}
	return 0
}

// terminalRestored checks that the terminal is as it was before watch.
func (s *watchSession) terminalRestored() {
	s.t.Helper()
	after, err := term.GetState(int(s.tty.Fd()))
	if err != nil {
		s.t.Fatal(err)
	}
	if !reflect.DeepEqual(s.before, after) {
		s.t.Errorf("the terminal was not restored:\nbefore %+v\nafter  %+v", s.before, after)
	}
}

// terminalRaw checks that watch changed the terminal's mode (so that
// terminalRestored proves something).
func (s *watchSession) terminalRaw() {
	s.t.Helper()
	now, err := term.GetState(int(s.tty.Fd()))
	if err != nil {
		s.t.Fatal(err)
	}
	if reflect.DeepEqual(s.before, now) {
		s.t.Errorf("watch did not put the terminal into single-key mode")
	}
}

func (s *watchSession) path(rel string) string { return filepath.Join(s.ws, filepath.FromSlash(rel)) }

func (s *watchSession) writeFile(rel, data string) {
	s.t.Helper()
	if err := os.WriteFile(s.path(rel), []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *watchSession) readFile(rel string) string {
	s.t.Helper()
	data, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

// Patterns in the output. NO_COLOR is set, so the text is plain.
const (
	readyFile      = "exercises/1_futures/ready/ready.go"
	checkingReady  = `(?m)^checking ready\b`
	verdictReady   = `(?m)^[✓✗] ready: `
	verdictPollToC = `(?m)^[✓✗] poll_to_completion: `
)

// watchSaveStyles are the ways editors save a file.
var watchSaveStyles = []struct {
	name string
	save func(path string, data []byte) error
}{
	{"written in place", func(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }},
	{"truncated, then written", func(path string, data []byte) error {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return err
		}
		if _, err := f.Write(data[:len(data)/2]); err != nil {
			return err
		}
		if _, err := f.Write(data[len(data)/2:]); err != nil {
			return err
		}
		return f.Close()
	}},
	{"written to a temporary file renamed over it", func(path string, data []byte) error {
		tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".swx")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	}},
	{"renamed to a backup, written anew, backup removed (vim)", func(path string, data []byte) error {
		if err := os.Rename(path, path+"~"); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
		return os.Remove(path + "~")
	}},
	{"deleted, then created", func(path string, data []byte) error {
		if err := os.Remove(path); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}},
}

// testDebounce is longer than watch's own: a test process can be
// descheduled between the steps of a save on a loaded machine, and a check
// of a half-saved file in between would be a second check.
const testDebounce = "--debounce=300ms"

func TestWatchEverySaveStyleIsOneCheck(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), true, testDebounce)
	s.wait(verdictReady)
	// The keys follow the verdict, in a write of their own.
	out := s.wait(`q quit`)
	// "0/N": the count grows with the course.
	for _, want := range []string{"Progress: [", "] 0/", " exercises done", "Current exercise: ready (" + readyFile + ")",
		"h hint  l list  n next  r check again  c check all  t trace  x reset  q quit"} {
		if !strings.Contains(out, want) {
			t.Errorf("the first screen lacks %q", want)
		}
	}
	s.terminalRaw()
	shipped := s.readFile(readyFile)
	verdicts := 1
	for i, style := range watchSaveStyles {
		// A real change each time, so that nothing comes from a cache.
		src := fmt.Sprintf("%s\nvar watchSave = %d\n", shipped, i)
		if err := style.save(s.path(readyFile), []byte(src)); err != nil {
			t.Fatalf("%s: %v", style.name, err)
		}
		verdicts++
		s.waitCount(verdictReady, verdicts)
		// r is a marker: if the save made a second check, it came before.
		s.press("r")
		verdicts++
		s.waitCount(verdictReady, verdicts)
		if got := s.count(checkingReady); got != verdicts {
			t.Fatalf("saved %s: %d checks so far, want %d", style.name, got, verdicts)
		}
		if got := s.count(`checking ready after a change to ready.go`); got != i+1 {
			t.Fatalf("saved %s: %d checks after a change to ready.go, want %d", style.name, got, i+1)
		}
	}

	// A new file in the folder is a change too.
	s.writeFile("exercises/1_futures/ready/helper.go", "package ready\n\nvar watchHelper = 1\n")
	s.wait(`checking ready after a change to helper.go`)
	verdicts++
	s.waitCount(verdictReady, verdicts)
	s.press("r")
	verdicts++
	s.waitCount(verdictReady, verdicts)
	if got := s.count(checkingReady); got != verdicts {
		t.Errorf("after a new file: %d checks, want %d", got, verdicts)
	}

	// In a terminal, each verdict starts a clean screen.
	if got := strings.Count(s.out.String(), "\x1b[H\x1b[2J"); got < verdicts {
		t.Errorf("the screen was cleared %d times for %d verdicts", got, verdicts)
	}
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("q: exit status %d, want 0", code)
	}
	s.terminalRestored()
}

func TestWatchSavesDuringACheckAreNotLost(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), true, testDebounce)
	s.wait(verdictReady)
	shipped := s.readFile(readyFile)
	// A new file whose init makes the checks slow, so that the saves below
	// surely land while the check runs.
	s.writeFile("exercises/1_futures/ready/slow.go",
		"package ready\n\nimport \"time\"\n\nfunc init() { time.Sleep(4 * time.Second) }\n")
	s.wait(`checking ready after a change to slow.go`)
	for i := range 3 {
		time.Sleep(400 * time.Millisecond)
		s.writeFile(readyFile, fmt.Sprintf("%s\nvar watchSave = %d\n", shipped, i))
	}
	s.wait(`ready.go changed during the check; checking again when this check ends.`)
	if err := os.Remove(s.path("exercises/1_futures/ready/slow.go")); err != nil {
		t.Fatal(err)
	}
	s.wait(`checking ready again: ready.go changed during the check`)
	s.waitCount(verdictReady, 2) // the first, and the queued check's
	s.press("r")
	s.waitCount(verdictReady, 3)
	out := s.out.String()
	lines := regexp.MustCompile(`(?m)^checking ready.*$`).FindAllString(out, -1)
	want := []string{"checking ready …", "checking ready after a change to slow.go …",
		"checking ready again: ready.go changed during the check …", "checking ready again …"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("checks:\n%q\nwant\n%q", lines, want)
	}
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

func TestWatchPassingMovesOn(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), true)
	s.wait(verdictReady)
	s.writeFile(readyFile, s.readFile("solutions/1_futures/ready/ready.go"))
	s.wait(`✓ ready: all \d+ checks pass`)
	s.wait(`Compare with the reference solution: solutions/1_futures/ready/ready.go`)
	s.wait(`ready is done: 1/\d+ exercises. Next up: poll_to_completion \(exercises/1_futures/poll_to_completion/poll_to_completion.go\)`)
	s.wait(`checking poll_to_completion`)
	s.wait(verdictPollToC)

	var state struct {
		Current string
		Done    map[string]any
	}
	if err := json.Unmarshal([]byte(s.readFile(".futurelings/state.json")), &state); err != nil {
		t.Fatal(err)
	}
	if _, ok := state.Done["ready"]; !ok || state.Current != "poll_to_completion" {
		t.Errorf("saved progress: %+v; want ready done and poll_to_completion current", state)
	}

	// The watcher moved on too: a save to ready.go is no longer checked, a
	// save to poll_to_completion.go is.
	s.writeFile(readyFile, s.readFile(readyFile)+"\n// done\n")
	p2c := "exercises/1_futures/poll_to_completion/poll_to_completion.go"
	s.writeFile(p2c, s.readFile(p2c)+"\nvar watchSave = 1\n")
	s.wait(`checking poll_to_completion after a change to poll_to_completion.go`)
	s.waitCount(verdictPollToC, 2)
	if n := s.count(checkingReady); n != 2 {
		t.Errorf("%d checks of ready, want 2 (the start, the pass)", n)
	}
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	s.terminalRestored()
}

func TestWatchKeys(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), true)
	s.wait(verdictReady)
	s.press("h")
	s.wait(`Hint 1 of 3 for ready\n`)
	s.wait(`A future says it is finished by returning`)
	s.press("l")
	s.wait(`> ▶ ready +pending`)
	s.press("q") // back from the list: the exercise is checked again
	s.waitCount(verdictReady, 2)
	s.press("r")
	s.wait(`checking ready again`)
	s.waitCount(verdictReady, 3)
	s.press("n")
	s.wait(`Moving on to poll_to_completion \(exercises/1_futures/poll_to_completion/poll_to_completion.go\); ready stays pending.`)
	s.wait(verdictPollToC)
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("q: exit status %d, want 0", code)
	}
	s.terminalRestored()
	if n := s.count(`(?m)^checking poll_to_completion`); n != 1 {
		t.Errorf("%d checks of poll_to_completion after n, want 1", n)
	}
}

func TestWatchCtrlCQuitsAndRestoresTheTerminal(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), true)
	s.wait(verdictReady)
	s.terminalRaw()
	s.press("\x03")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("Ctrl-C: exit status %d, want 0", code)
	}
	s.terminalRestored()
}

func TestWatchSignalsRestoreTheTerminal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			s := startWatch(t, watchWorkspace(t), true)
			s.wait(verdictReady)
			s.terminalRaw()
			s.cmd.Process.Signal(sig)
			if code := s.exitStatus(); code != 0 {
				t.Errorf("%v: exit status %d, want 0", sig, code)
			}
			s.terminalRestored()
		})
	}
}

func TestWatchWithoutATerminal(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), false, testDebounce)
	s.wait(`Watching exercises/1_futures/ready for changes. No keys here: input is not a terminal. Stop with Ctrl-C \(SIGINT\) or SIGTERM.`)
	s.wait(`(?m)^checking ready\n(Building the checks.*\n)?[✓✗] ready: `)
	// Standard input is at its end from the start; watch goes on.
	s.writeFile(readyFile, s.readFile(readyFile)+"\nvar watchSave = 1\n")
	s.wait(`(?m)^checking ready after a change to ready.go\n(Building the checks.*\n)?[✓✗] ready: `)
	s.cmd.Process.Signal(os.Interrupt)
	if code := s.exitStatus(); code != 0 {
		t.Errorf("SIGINT: exit status %d, want 0", code)
	}
	out := s.out.String()
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape codes in output that is not a terminal:\n%q", out)
	}
	if n := s.count(checkingReady); n != 2 {
		t.Errorf("%d checks, want 2", n)
	}
}

func TestWatchPolling(t *testing.T) {
	s := startWatch(t, watchWorkspace(t), false, "--poll", "--poll-interval=100ms")
	s.wait(`Polling for changes every 100ms: --poll asked for it.`)
	s.wait(verdictReady)
	s.writeFile(readyFile, s.readFile(readyFile)+"\nvar watchSave = 1\n")
	s.wait(`checking ready after a change to ready.go`)
	s.waitCount(verdictReady, 2)
	s.writeFile("exercises/1_futures/ready/helper.go", "package ready\n")
	s.wait(`checking ready after a change to helper.go`)
	s.waitCount(verdictReady, 3)
	s.cmd.Process.Signal(syscall.SIGTERM)
	if code := s.exitStatus(); code != 0 {
		t.Errorf("SIGTERM: exit status %d, want 0", code)
	}
}

// panicWriter panics on the first write: a bug in futurelings, as far as
// the terminal is concerned. Before it panics it calls before.
type panicWriter struct{ before func() }

func (w panicWriter) Write(p []byte) (int, error) {
	w.before()
	panic("a bug while printing")
}

func TestWatchRestoresTheTerminalOnAPanic(t *testing.T) {
	ws := watchWorkspace(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	before, err := term.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	var during *term.State
	out := panicWriter{func() { during, _ = term.GetState(int(tty.Fd())) }}
	g := &globals{dir: ws, io: &IO{In: tty, Out: out, ErrOut: io.Discard, Terminal: true, InTerminal: true}}
	var got any
	func() {
		defer func() { got = recover() }()
		runWatch(context.Background(), g, &watchOptions{interval: time.Second})
	}()
	if got != "a bug while printing" {
		t.Fatalf("recovered %v, want the panic", got)
	}
	if reflect.DeepEqual(before, during) {
		t.Fatalf("the terminal was not in single-key mode when the panic came")
	}
	after, err := term.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the terminal was not restored after a panic")
	}
}

// futurelings on its own, in a terminal and a workspace, watches; with
// output to a pipe it shows the help instead.
func TestBareCommandWatchesInATerminal(t *testing.T) {
	ws := watchWorkspace(t)
	s := startCommand(t, ws, true)
	s.wait(verdictReady)
	s.wait(`h hint  l list  n next`)
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	s.terminalRestored()

	s = startCommand(t, ws, false)
	if code := s.exitStatus(); code != 0 {
		t.Errorf("without a terminal: exit status %d, want 0", code)
	}
	if out := s.out.String(); !strings.Contains(out, "Usage:\n  futurelings [flags]") || strings.Contains(out, "checking") {
		t.Errorf("without a terminal, futurelings on its own did not just show the help:\n%s", out)
	}
}

// e opens the current exercise's file with the edit command.
func TestWatchEditKey(t *testing.T) {
	ws := watchWorkspace(t)
	opened := filepath.Join(t.TempDir(), "opened.go")
	s := startWatch(t, ws, true, "--edit-cmd", "cp {file} "+opened)
	s.wait(verdictReady)
	s.wait(`t trace  e edit  x reset  q quit`)
	s.press("e")
	s.waitFor(func() bool {
		data, err := os.ReadFile(opened)
		return err == nil && string(data) == s.readFile(readyFile)
	}, "the edit command got "+readyFile)
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}
