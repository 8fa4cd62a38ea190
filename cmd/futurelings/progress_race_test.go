//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestConcurrentCommandsLoseNoPass runs real commands at once on one
// workspace, many rounds: two runs, two verifys and a watch. Every pass any
// of them reports must be in the progress file at the end. Each command
// passes exercises the others do not touch, so a command that wrote back
// stale progress would show as a lost pass. FUTURELINGS_RACE_ROUNDS sets
// the number of rounds (3 by default); FUTURELINGS_RACE_BIN another
// futurelings binary to measure.
func TestConcurrentCommandsLoseNoPass(t *testing.T) {
	ws := watchWorkspace(t)
	bin, err := exec.LookPath("futurelings")
	if err != nil {
		t.Fatalf("the futurelings command is not on PATH: %v", err)
	}
	if b := os.Getenv("FUTURELINGS_RACE_BIN"); b != "" {
		bin = b // to measure another build
	}
	rounds := 3
	if n, err := strconv.Atoi(os.Getenv("FUTURELINGS_RACE_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	// watch passes ready and poll_to_completion and stops at countdown,
	// which stays unsolved; the runs and verifys pass later exercises.
	for _, name := range []string{"ready", "poll_to_completion", "yield_once", "fetch_data", "add_slowly", "future_sizes"} {
		e := courseDir(t, ws, name)
		copyDir(t, filepath.Join(ws, "solutions", e), filepath.Join(ws, "exercises", e))
	}
	env := watchEnv(t)
	command := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Dir, c.Env = ws, env
		return c
	}
	state := filepath.Join(ws, ".futurelings", "state.json")
	lostTotal, reportedTotal := 0, 0
	for round := 1; round <= rounds; round++ {
		os.MkdirAll(filepath.Dir(state), 0o755)
		if err := os.WriteFile(state, []byte(`{"version": 1, "current": "ready", "done": {}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var reported []string
		report := func(names ...string) {
			mu.Lock()
			reported = append(reported, names...)
			mu.Unlock()
		}
		var wg sync.WaitGroup
		for _, name := range []string{"yield_once", "fetch_data"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if out, err := command("run", name).CombinedOutput(); err != nil {
					t.Errorf("run %s: %v\n%s", name, err, out)
					return
				}
				report(name)
			}()
		}
		for _, name := range []string{"add_slowly", "future_sizes"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := command("verify", "--json", name).Output()
				var res jsonResults
				if jerr := json.Unmarshal(out, &res); jerr != nil {
					t.Errorf("verify %s: %v, %v\n%s", name, err, jerr, out)
					return
				}
				for _, e := range res.Exercises {
					if e.Status == "passed" {
						report(e.Name)
					}
				}
			}()
		}
		w := command("watch")
		var wout watchOutput
		w.Stdout, w.Stderr = &wout, &wout
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(watchPatience)
		for !regexp.MustCompile(`checking countdown\n(?s:.*)✗ countdown`).MatchString(wout.String()) {
			if time.Now().After(deadline) {
				w.Process.Kill()
				w.Wait()
				t.Fatalf("round %d: watch did not get to check countdown:\n%s", round, wout.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		w.Process.Signal(syscall.SIGTERM)
		if err := w.Wait(); err != nil {
			t.Errorf("watch: %v", err)
		}
		for _, m := range regexp.MustCompile(`(\w+) is done: `).FindAllStringSubmatch(wout.String(), -1) {
			report(m[1])
		}
		wg.Wait()

		var doc struct {
			Done map[string]time.Time `json:"done"`
		}
		data, err := os.ReadFile(state)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("round %d: progress file: %v\n%s", round, err, data)
		}
		slices.Sort(reported)
		reported = slices.Compact(reported)
		var lost []string
		for _, n := range reported {
			if _, ok := doc.Done[n]; !ok {
				lost = append(lost, n)
			}
		}
		reportedTotal += len(reported)
		lostTotal += len(lost)
		if len(lost) > 0 {
			t.Errorf("round %d: passes lost: %v (reported %v)", round, lost, reported)
		}
		if temps, _ := filepath.Glob(filepath.Join(filepath.Dir(state), ".state.json.tmp-*")); len(temps) > 0 {
			t.Errorf("round %d: temporary files left: %v", round, temps)
		}
	}
	t.Logf("%d rounds, %d passes reported, %d lost", rounds, reportedTotal, lostTotal)
}

// courseDir is the exercise's folder under exercises/.
func courseDir(t *testing.T, ws, name string) string {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(ws, "exercises", "*", name))
	if len(matches) != 1 {
		t.Fatalf("no single folder for %s: %v", name, matches)
	}
	rel, _ := filepath.Rel(filepath.Join(ws, "exercises"), matches[0])
	return rel
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(to, e.Name()), data, 0o644)
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
}
