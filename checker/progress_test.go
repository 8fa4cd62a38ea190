package checker_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/futurelings/futurelings/checker"
)

func TestProgressApplyMergesWithOtherCommands(t *testing.T) {
	ws := standalone(t)
	a, b := checker.LoadProgress(ws), checker.LoadProgress(ws)
	if err := a.Apply(checker.DidPass{Name: "ready"}); err != nil {
		t.Fatal(err)
	}
	// b read the file before a's pass; its own pass must not drop a's.
	if err := b.Apply(checker.DidPass{Name: "countdown"}, checker.ContinueAt{Name: "yield_once"}); err != nil {
		t.Fatal(err)
	}
	got := checker.LoadProgress(ws)
	for _, n := range []string{"ready", "countdown"} {
		if !got.IsDone(n) {
			t.Errorf("%s is not done after two commands recorded passes", n)
		}
	}
	if !b.IsDone("ready") {
		t.Errorf("Apply did not leave the merged progress in the Progress")
	}
	if c := got.Current(); c == nil || c.Name != "yield_once" {
		t.Errorf("current = %v, want yield_once", c)
	}
	if err := a.Apply(checker.WasReset{Name: "ready"}); err != nil {
		t.Fatal(err)
	}
	if got := checker.LoadProgress(ws); got.IsDone("ready") || !got.IsDone("countdown") {
		t.Errorf("after resetting ready: ready done %v, countdown done %v", got.IsDone("ready"), got.IsDone("countdown"))
	}
}

func TestProgressMoveOnOnlyFromTheCurrentExercise(t *testing.T) {
	ws := standalone(t)
	p := checker.LoadProgress(ws)
	p.Apply(checker.ContinueAt{Name: "countdown"})
	p.Apply(checker.DidPass{Name: "ready"}, checker.MoveOn{From: "ready"})
	if c := p.Current(); c.Name != "countdown" {
		t.Errorf("a pass of another exercise moved the learner to %s", c.Name)
	}
	p.Apply(checker.DidPass{Name: "countdown"}, checker.MoveOn{From: "countdown"})
	if c := p.Current(); c.Name != "yield_once" {
		t.Errorf("after passing the current countdown, current = %s, want the next pending one (yield_once)", c.Name)
	}
}

func TestProgressConcurrentAppliesLoseNothing(t *testing.T) {
	ws := standalone(t)
	var wg sync.WaitGroup
	names := []string{}
	for _, e := range ws.Course.Exercises {
		names = append(names, e.Name)
	}
	for round := 0; round < 20; round++ {
		os.Remove(filepath.Join(ws.StateDir(), "state.json"))
		for _, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := checker.LoadProgress(ws) // each one a command of its own
				if err := p.Apply(checker.DidPass{Name: n}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := checker.LoadProgress(ws).DoneCount(); got != len(names) {
			t.Fatalf("round %d: %d of %d passes recorded", round, got, len(names))
		}
	}
}

func TestProgressOfANewerFormatIsKept(t *testing.T) {
	ws := standalone(t)
	path := filepath.Join(ws.StateDir(), "state.json")
	os.MkdirAll(ws.StateDir(), 0o755)
	newer := `{"version": 7, "lessons": {"ready": "done"}}` + "\n"
	os.WriteFile(path, []byte(newer), 0o644)

	p := checker.LoadProgress(ws)
	if !p.Newer || p.Lost || !strings.Contains(p.Notice, "newer futurelings") {
		t.Fatalf("Newer %v, Lost %v, Notice %q", p.Newer, p.Lost, p.Notice)
	}
	if err := p.Apply(checker.DidPass{Name: "ready"}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != newer {
		t.Errorf("the newer file was overwritten:\n%s", got)
	}
	if got := readFile(t, path+".v7.bak"); got != newer {
		t.Errorf("no backup of the newer file: %q", got)
	}
	if !p.IsDone("ready") {
		t.Errorf("the pass is not kept in memory for the rest of the command")
	}
}

func TestProgressRemovesStaleTemporaryFiles(t *testing.T) {
	ws := standalone(t)
	os.MkdirAll(ws.StateDir(), 0o755)
	stale := filepath.Join(ws.StateDir(), ".state.json.tmp-123")
	os.WriteFile(stale, []byte("{"), 0o644)
	if err := checker.LoadProgress(ws).Apply(checker.DidPass{Name: "ready"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a killed command's temporary file is still there (%v)", err)
	}
}

// TestProgressLockAcrossProcesses holds the lock in another process and
// checks that Apply waits until it is released.
func TestProgressLockAcrossProcesses(t *testing.T) {
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock command")
	}
	ws := standalone(t)
	os.MkdirAll(ws.StateDir(), 0o755)
	lock := filepath.Join(ws.StateDir(), "state.lock")
	tmp := t.TempDir()
	started, released := filepath.Join(tmp, "started"), filepath.Join(tmp, "released")
	cmd := exec.Command("flock", lock, "sh", "-c", "touch "+started+"; sleep 1; touch "+released)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	for {
		if _, err := os.Stat(started); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := checker.LoadProgress(ws).Apply(checker.DidPass{Name: "ready"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(released); err != nil {
		t.Errorf("Apply wrote while another process held the lock")
	}
}
