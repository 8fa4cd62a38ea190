//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

const (
	verdictCountdown = `(?m)^[✓✗] countdown: `
	screenClear      = "\x1b[H\x1b[2J"
)

// lastScreen is what the terminal shows since the screen was last cleared.
func (s *watchSession) lastScreen() string {
	out := s.out.String()
	if i := strings.LastIndex(out, screenClear); i >= 0 {
		return out[i+len(screenClear):]
	}
	return out
}

// waitScreen waits until the current screen matches re, and returns it.
func (s *watchSession) waitScreen(re string) string {
	s.t.Helper()
	rx := regexp.MustCompile(re)
	s.waitFor(func() bool { return rx.MatchString(s.lastScreen()) }, re)
	return s.lastScreen()
}

func (s *watchSession) waitFor(ok func() bool, what string) {
	s.t.Helper()
	deadline := time.Now().Add(watchPatience)
	for !ok() {
		select {
		case <-s.exited:
			s.t.Fatalf("watch exited (%v) while waiting for %q; screen:\n%s", s.err, what, s.lastScreen())
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%q did not show within %v; screen:\n%s", what, watchPatience, s.lastScreen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// progressState reads the workspace's progress file.
func (s *watchSession) progressState() (current string, done map[string]any) {
	s.t.Helper()
	var doc struct {
		Current string         `json:"current"`
		Done    map[string]any `json:"done"`
	}
	data, err := os.ReadFile(s.path(".futurelings/state.json"))
	if err == nil {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return doc.Current, doc.Done
}

// listWorkspace is a workspace where ready is solved and done and the
// learner is on countdown.
func listWorkspace(t *testing.T) string {
	ws := watchWorkspace(t)
	copyDir(t, filepath.Join(ws, "solutions", "1_futures", "ready"), filepath.Join(ws, "exercises", "1_futures", "ready"))
	os.MkdirAll(filepath.Join(ws, ".futurelings"), 0o755)
	state := `{"version": 1, "current": "countdown", "done": {"ready": "2026-01-01T00:00:00Z"}}`
	if err := os.WriteFile(filepath.Join(ws, ".futurelings", "state.json"), []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	return ws
}

func TestWatchListMovesFiltersSearchesAndGoesBack(t *testing.T) {
	s := startWatch(t, listWorkspace(t), true)
	s.wait(verdictCountdown)
	s.press("l")
	screen := s.waitScreen(`(?m)^> ▶ countdown +pending`)
	for _, want := range []string{"Lesson 1: Futures\n", "Lesson 2: State machines\n", "    ready               done", "1/", " exercises done"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the list lacks %q:\n%s", want, screen)
		}
	}
	s.press("k")
	s.waitScreen(`(?m)^>   poll_to_completion +pending`)
	s.press("\x1b[A") // up
	s.waitScreen(`(?m)^>   ready +done`)
	s.press("j")
	s.waitScreen(`(?m)^>   poll_to_completion`)
	s.press("\x1b[B") // down
	s.waitScreen(`(?m)^> ▶ countdown`)

	s.press("d")
	screen = s.waitScreen(`Showing: done only`)
	if strings.Contains(screen, "countdown") || !strings.Contains(screen, "ready") {
		t.Errorf("done only shows:\n%s", screen)
	}
	if !regexp.MustCompile(`(?m)^>   ready`).MatchString(screen) {
		t.Errorf("the selection did not move onto a shown exercise:\n%s", screen)
	}
	s.press("p")
	screen = s.waitScreen(`Showing: pending only`)
	if strings.Contains(screen, " ready ") || !strings.Contains(screen, "ten_thousand_tasks") {
		t.Errorf("pending only shows:\n%s", screen)
	}
	s.press("p")
	s.waitScreen(`(?s)^Progress.*Lesson 1: Futures.*    ready `)

	s.press("/")
	s.waitScreen(`Showing: search ""`)
	s.press("f")
	s.waitScreen(`search "f"`)
	s.press("et")
	screen = s.waitScreen(`search "fet"`)
	if !regexp.MustCompile(`(?m)^>   fetch_data`).MatchString(screen) || strings.Contains(screen, "countdown") {
		t.Errorf("searching fet shows:\n%s", screen)
	}
	s.press("\x7f")
	s.waitScreen(`search "fe"`)
	s.press("\r") // keep the search, move with j and k again
	screen = s.waitScreen(`search "fe"\n`)
	s.press("\x1b")                  // Esc leaves the list...
	s.waitCount(verdictCountdown, 2) // ...and shows the exercise's verdict again
	if c, _ := s.progressState(); c != "countdown" {
		t.Errorf("going back changed the current exercise to %s", c)
	}
	s.press("l")
	s.waitScreen(`(?m)^> ▶ countdown`)
	s.press("q")
	s.waitCount(verdictCountdown, 3)
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	s.terminalRestored()
}

func TestWatchListContinuesAtAnEarlierExerciseAndResets(t *testing.T) {
	s := startWatch(t, listWorkspace(t), true)
	s.wait(verdictCountdown)
	mine := s.readFile(readyFile)
	s.press("l")
	s.waitScreen(`(?m)^> ▶ countdown`)
	s.press("kk")
	s.waitScreen(`(?m)^>   ready +done`)
	s.press("r")
	screen := s.waitScreen(`ready is back as shipped; your version is in \.futurelings/backups/ready-\d{8}-\d{6}/`)
	if !regexp.MustCompile(`(?m)^>   ready +pending`).MatchString(screen) {
		t.Errorf("ready is not pending after its reset:\n%s", screen)
	}
	if got := s.readFile(readyFile); got == mine {
		t.Errorf("%s was not reset", readyFile)
	}
	backups, _ := filepath.Glob(s.path(".futurelings/backups/ready-*/ready.go"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if data, _ := os.ReadFile(backups[0]); string(data) != mine {
		t.Errorf("the backup is not the learner's version")
	}
	if _, done := s.progressState(); done["ready"] != nil {
		t.Errorf("ready is still done in the progress file after its reset")
	}

	s.press("c")
	s.wait(`(?m)^Current exercise: ready `)
	s.wait(verdictReady)
	if c, _ := s.progressState(); c != "ready" {
		t.Errorf("continuing at ready left the current exercise at %s", c)
	}
	// Solving it again moves on to the next pending one.
	s.writeFile(readyFile, mine)
	s.wait(`ready is done: 1/\d+ exercises\. Next up: poll_to_completion`)
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	s.terminalRestored()
}

func TestWatchChecksAllAndTraces(t *testing.T) {
	s := startWatch(t, listWorkspace(t), true)
	s.wait(verdictCountdown)
	s.press("t")
	s.wait(`tracing countdown`)
	s.wait(`Trace of countdown \(exercises/1_futures/countdown/countdown.go\)`)
	s.press("c")
	s.wait(`checking every exercise`)
	screen := s.waitScreen(`1 of \d+ exercises pass\.`)
	for _, want := range []string{"✓ ready ", "✗ countdown ", "✗ ten_thousand_tasks ", "Press r to see the verdict of countdown again."} {
		if !strings.Contains(screen, want) {
			t.Errorf("the summary lacks %q:\n%s", want, screen)
		}
	}
	// One line per exercise: the reasons of each failure are for run and
	// verify, and the skipped checks' "not checked yet" for nobody.
	if strings.Contains(screen, "not checked yet") || strings.Contains(screen, "\n    ") {
		t.Errorf("the summary has more than a line per exercise:\n%s", screen)
	}
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	s.terminalRestored()
}

// TestVerifyBarFollowsStandardError: the bar is drawn on standard error, so
// it is drawn when that is a terminal, whatever standard output is.
func TestVerifyBarFollowsStandardError(t *testing.T) {
	ws := watchWorkspace(t)
	bin, err := exec.LookPath("futurelings")
	if err != nil {
		t.Fatal(err)
	}
	for _, errTerminal := range []bool{false, true} {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		var screen, pipe watchOutput
		go io.Copy(&screen, ptmx)
		cmd := exec.Command(bin, "verify", "ready", "countdown")
		cmd.Dir, cmd.Env = ws, watchEnv(t)
		cmd.Stdout, cmd.Stderr = tty, &pipe
		if errTerminal {
			cmd.Stdout, cmd.Stderr = &pipe, tty
		}
		cmd.Run()
		time.Sleep(100 * time.Millisecond) // let the copy catch up
		tty.Close()
		ptmx.Close()
		bar := regexp.MustCompile(`\] \d/2 checked`)
		onScreen, inPipe := bar.MatchString(screen.String()), bar.MatchString(pipe.String())
		if errTerminal != onScreen || inPipe {
			t.Errorf("standard error a terminal: %v; bar on the terminal %v, in the pipe %v", errTerminal, onScreen, inPipe)
		}
	}
}

// The list draws on the alternate screen without a cursor; however the
// session ends while it is open, the terminal is left as it was found:
// its mode, the cursor shown, the main screen back, lines wrapping.
func TestWatchListRestoresTheTerminal(t *testing.T) {
	for _, how := range []string{"Ctrl-C", "SIGTERM", "SIGHUP"} {
		t.Run(how, func(t *testing.T) {
			s := startWatch(t, listWorkspace(t), true)
			s.wait(verdictCountdown)
			s.press("l")
			s.waitScreen(`(?m)^> ▶ countdown`)
			s.terminalRaw()
			switch how {
			case "Ctrl-C":
				s.press("\x03")
			case "SIGTERM":
				s.cmd.Process.Signal(syscall.SIGTERM)
			case "SIGHUP":
				s.cmd.Process.Signal(syscall.SIGHUP)
			}
			if code := s.exitStatus(); code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
			s.terminalRestored()
			const enter, leave = "\x1b[?1049h\x1b[?25l\x1b[?7l", "\x1b[?7h\x1b[?25h\x1b[?1049l"
			// What the process wrote before it exited is still on its way
			// through the terminal.
			deadline := time.Now().Add(watchPatience)
			for !strings.Contains(s.out.String()[strings.LastIndex(s.out.String(), enter)+1:], leave) {
				if time.Now().After(deadline) {
					t.Fatalf("the list's screen was not left; output ends:\n%q", s.out.String()[max(0, len(s.out.String())-300):])
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// x in watch resets the current exercise once the learner says y, with
// the backup reset makes, and checks the shipped code.
func TestWatchResetsTheCurrentExercise(t *testing.T) {
	s := startWatch(t, listWorkspace(t), true, testDebounce)
	s.wait(verdictCountdown)
	const countdownFile = "exercises/1_futures/countdown/countdown.go"
	shipped := s.readFile(countdownFile)
	mine := shipped + "\n// my attempt\n"
	s.writeFile(countdownFile, mine)
	s.waitCount(verdictCountdown, 2)
	s.press("x")
	s.wait(`Reset countdown \(` + countdownFile + `\) to as shipped\? Your version is copied to \.futurelings/backups/ first\. Press y to reset it, any other key to keep it\.`)
	s.press("y")
	s.wait(`countdown is back as shipped; your version is in \.futurelings/backups/countdown-\d{8}-\d{6}/`)
	s.wait(`checking countdown after the reset`)
	s.waitCount(verdictCountdown, 3)
	if got := s.readFile(countdownFile); got != shipped {
		t.Errorf("%s is not as shipped after the reset", countdownFile)
	}
	backups, _ := filepath.Glob(s.path(".futurelings/backups/countdown-*/countdown.go"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if data, _ := os.ReadFile(backups[0]); string(data) != mine {
		t.Errorf("the backup is not the learner's version")
	}
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	s.terminalRestored()
}

// A terminal made smaller while the list is open gets the list drawn again
// to its new size at once, as the kernel's SIGWINCH says, before any key.
func TestWatchListFollowsAResize(t *testing.T) {
	s := startWatch(t, listWorkspace(t), true)
	s.wait(verdictCountdown)
	s.press("l")
	screen := s.waitScreen(`(?m)^> ▶ countdown +pending`)
	if strings.Contains(screen, "more below") {
		t.Fatalf("the list does not fit 60 rows:\n%s", screen)
	}
	if err := pty.Setsize(s.ptmx, &pty.Winsize{Rows: 12, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	screen = s.waitScreen(`↓ more below`)
	if !regexp.MustCompile(`(?m)^> ▶ countdown +pending`).MatchString(screen) {
		t.Errorf("the list drawn for 12 rows lost the selection:\n%s", screen)
	}
	s.press("q")
	s.waitCount(verdictCountdown, 2)
	s.press("q")
	if code := s.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}
