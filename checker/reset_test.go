package checker_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/bundle"
)

// standalone writes a workspace from the bundle into a temporary folder.
func standalone(t *testing.T) *checker.Workspace {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	if err := bundle.WriteWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	ws, err := checker.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func shipped(t *testing.T, p string) string {
	t.Helper()
	data, err := bundle.Read(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestResetKeepsABackup(t *testing.T) {
	ws := standalone(t)
	e, _ := ws.Exercise("fetch_data")
	main := e.Dir + "/fetch_data.go"
	mine := "package fetchdata\n\n// my attempt\n"
	os.WriteFile(ws.Path(main), []byte(mine), 0o644)
	os.WriteFile(ws.Path(e.Dir+"/helper.go"), []byte("package fetchdata\n"), 0o644)

	res, err := ws.Reset(e)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, ws.Path(main)), shipped(t, main); got != want {
		t.Errorf("%s is not back as shipped", main)
	}
	if _, err := os.Stat(ws.Path(e.Dir + "/helper.go")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file the exercise does not ship is still there (%v)", err)
	}
	if !strings.HasPrefix(res.Backup, ".futurelings/backups/fetch_data-") {
		t.Fatalf("backup folder %q, want one under .futurelings/backups/fetch_data-", res.Backup)
	}
	if got := readFile(t, ws.Path(res.Backup+"/fetch_data.go")); got != mine {
		t.Errorf("the backup holds %q, want the learner's %q", got, mine)
	}
	if got := readFile(t, ws.Path(res.Backup+"/helper.go")); got != "package fetchdata\n" {
		t.Errorf("the backup of helper.go holds %q", got)
	}
	if len(res.Restored) != 2 || len(res.Removed) != 1 || res.Unchanged {
		t.Errorf("result %+v: want 2 restored, 1 removed", res)
	}

	// A second reset right away: nothing to do, and no second backup.
	res, err = ws.Reset(e)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unchanged || res.Backup != "" {
		t.Errorf("reset of a pristine exercise: %+v, want Unchanged and no backup", res)
	}
}

func TestResetTwiceInOneSecondKeepsBothBackups(t *testing.T) {
	ws := standalone(t)
	e, _ := ws.Exercise("ready")
	main := ws.Path(e.Dir + "/ready.go")
	var backups []string
	for _, text := range []string{"package ready\n// one\n", "package ready\n// two\n"} {
		os.WriteFile(main, []byte(text), 0o644)
		res, err := ws.Reset(e)
		if err != nil {
			t.Fatal(err)
		}
		backups = append(backups, res.Backup)
	}
	if backups[0] == backups[1] {
		t.Fatalf("both resets used %s", backups[0])
	}
	if got := readFile(t, ws.Path(backups[0]+"/ready.go")); !strings.Contains(got, "one") {
		t.Errorf("the first backup was overwritten: %q", got)
	}
}

func TestResetOfADeletedFolder(t *testing.T) {
	ws := standalone(t)
	e, _ := ws.Exercise("yield_once")
	if err := os.RemoveAll(ws.Path(e.Dir)); err != nil {
		t.Fatal(err)
	}
	res, err := ws.Reset(e)
	if err != nil {
		t.Fatal(err)
	}
	if res.Backup != "" {
		t.Errorf("backup %q of a deleted folder", res.Backup)
	}
	main := e.Dir + "/yield_once.go"
	if got := readFile(t, ws.Path(main)); got != shipped(t, main) {
		t.Errorf("%s is not back as shipped", main)
	}
}

func TestResetOfAnExerciseTheBinaryDoesNotShip(t *testing.T) {
	ws := standalone(t)
	e := &checker.Exercise{Name: "extra", Dir: "exercises/9_more/extra"}
	_, err := ws.Reset(e)
	var nc *bundle.NoCopyError
	if !errors.As(err, &nc) {
		t.Fatalf("got %v, want a NoCopyError", err)
	}
}

func TestRevealSolutionWritesItOnce(t *testing.T) {
	ws := standalone(t)
	e, _ := ws.Exercise("countdown")
	dir, err := ws.RevealSolution(e)
	if err != nil {
		t.Fatal(err)
	}
	if dir != e.SolutionDir() {
		t.Errorf("got %q, want %q", dir, e.SolutionDir())
	}
	p := e.SolutionDir() + "/countdown.go"
	if got := readFile(t, ws.Path(p)); got != shipped(t, p) {
		t.Errorf("%s was not written as shipped", p)
	}
	os.WriteFile(ws.Path(p), []byte("package countdown\n// my notes\n"), 0o644)
	if _, err := ws.RevealSolution(e); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, ws.Path(p)); !strings.Contains(got, "my notes") {
		t.Errorf("RevealSolution overwrote %s", p)
	}
	if _, err := os.Stat(ws.Path("solutions/1_futures/ready")); err == nil {
		t.Errorf("the solution of another exercise was written too")
	}
}

func TestRevealSolutionInAClone(t *testing.T) {
	ws, err := checker.Open("..")
	if err != nil {
		t.Fatal(err)
	}
	ws.State = t.TempDir()
	e, _ := ws.Exercise("yield_once")
	dir, err := ws.RevealSolution(e)
	if err != nil || dir != e.SolutionDir() {
		t.Errorf("got %q, %v; want %q", dir, err, e.SolutionDir())
	}
}
