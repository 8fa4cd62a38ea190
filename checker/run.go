package checker

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/futurelings/futurelings/checker/bundle"
	"github.com/futurelings/futurelings/checker/harness"
	"github.com/futurelings/futurelings/checker/hidden"
)

// runsDir holds one private folder per check run: the checks as they are
// handed to the go command, the test programs, their records and working
// folders. Its existence also tells that the course has been started.
const runsDir = "runs"

// Started reports whether any exercise has been checked in this workspace.
func (w *Workspace) Started() bool {
	return isDir(filepath.Join(w.StateDir(), runsDir))
}

// run is one check run's private folder.
type run struct {
	dir    string
	marker string // names the run's processes, see gotest.ExecOptions
	execs  int    // test programs started so far
}

// recordsFile names a new file for a program's signed records.
func (r *run) recordsFile() string {
	r.execs++
	return r.path("records-" + strconv.Itoa(r.execs))
}

// newRun makes a fresh folder for a check run, after clearing away what
// runs that were killed left behind.
func (w *Workspace) newRun() (*run, error) {
	parent := filepath.Join(w.StateDir(), runsDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("preparing the checks: %w", err)
	}
	w.clearStale(parent)
	var b [6]byte
	rand.Read(b[:])
	marker := strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b[:])
	dir := filepath.Join(parent, marker)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, fmt.Errorf("preparing the checks: %w", err)
	}
	r := &run{dir: dir, marker: marker}
	if err := os.Mkdir(r.reporterDir(), 0o700); err != nil {
		return nil, err
	}
	for name, data := range harness.Reporter() {
		if err := os.WriteFile(filepath.Join(r.reporterDir(), name), data, 0o600); err != nil {
			return nil, fmt.Errorf("preparing the checks: %w", err)
		}
	}
	if err := os.Mkdir(r.rulesDir(), 0o700); err != nil {
		return nil, err
	}
	for name, data := range hidden.Rules() {
		if err := os.WriteFile(filepath.Join(r.rulesDir(), name), data, 0o600); err != nil {
			return nil, fmt.Errorf("preparing the checks: %w", err)
		}
	}
	if err := os.Mkdir(r.coreDir(), 0o700); err != nil {
		return nil, err
	}
	for _, p := range bundle.Dir(coreDir) {
		data, err := bundle.Read(p)
		if err == nil {
			err = os.WriteFile(filepath.Join(r.coreDir(), path.Base(p)), data, 0o600)
		}
		if err != nil {
			return nil, fmt.Errorf("preparing the checks: %w", err)
		}
	}
	return r, nil
}

func (r *run) reporterDir() string { return filepath.Join(r.dir, "reporter") }

// rulesDir holds package rules, the helpers of the checks that read code.
func (r *run) rulesDir() string { return filepath.Join(r.dir, "rules") }

// coreDir holds the course's own core package, as shipped, which every
// check is built with in place of the workspace's core/.
func (r *run) coreDir() string { return filepath.Join(r.dir, "core") }

// path names a file of the run.
func (r *run) path(elem ...string) string { return filepath.Join(append([]string{r.dir}, elem...)...) }

func (r *run) remove() { os.RemoveAll(r.dir) }

// staleAge is how old a run's folder must be before another command takes
// it for abandoned even though its process may still exist.
const staleAge = 24 * time.Hour

// clearStale removes run folders whose process is gone, and files that
// runs of older versions left in the state folder when they were killed.
func (w *Workspace) clearStale(parent string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		pid, _, _ := strings.Cut(e.Name(), "-")
		n, err := strconv.Atoi(pid)
		info, ierr := e.Info()
		old := ierr == nil && time.Since(info.ModTime()) > staleAge
		if err != nil || old || (n != os.Getpid() && !processAlive(n)) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
	old, _ := filepath.Glob(filepath.Join(w.StateDir(), "overlay-*.json"))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(p)
		}
	}
}

// binSlots is how many commands at once keep their test programs where
// the next command finds them. A test program that is up to date is not
// linked again, which is most of what a check of unchanged code costs.
const binSlots = 4

// binDir returns where this run builds its test programs: a shared slot
// that no other command is using, or else the run's own folder.
func (w *Workspace) binDir(r *run) (dir string, release func()) {
	parent := filepath.Join(w.StateDir(), "bin")
	if err := os.MkdirAll(parent, 0o755); err == nil {
		for i := range binSlots {
			slot := filepath.Join(parent, strconv.Itoa(i))
			if unlock, ok := tryLock(slot + ".lock"); ok {
				return slot, unlock
			}
		}
	}
	return r.path("bin"), func() {}
}
