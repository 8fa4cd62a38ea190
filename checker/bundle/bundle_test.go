package bundle_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/futurelings/futurelings/checker/bundle"
	"github.com/futurelings/futurelings/checker/bundle/internal/source"
)

const repoRoot = "../.."

const regenerate = "go generate ./checker/bundle"

// TestArchiveMatchesCourse proves that course.txtar holds the course as
// committed. A file that differs from the archive fails the test when git
// says it is committed and unchanged: the archive is stale. A file with
// uncommitted changes cannot be judged (in a learner's clone it holds their
// work), so the test skips and says which.
func TestArchiveMatchesCourse(t *testing.T) {
	disk, err := source.Collect(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	diffs := compare(disk)
	if len(diffs) == 0 {
		return
	}
	dirty, gitErr := uncommitted(repoRoot)
	// CI runs on a fresh checkout, where no file can hold a learner's work:
	// there, a difference is a stale archive even if git cannot be asked.
	ci := os.Getenv("CI") != ""
	var stale, unsure []string
	for _, d := range diffs {
		if (gitErr == nil && !dirty.has(d.path)) || (gitErr != nil && ci) {
			stale = append(stale, d.String())
		} else {
			unsure = append(unsure, d.String())
		}
	}
	if len(stale) > 0 {
		t.Fatalf("checker/bundle/course.txtar is out of date: the committed course files differ from it:\n  %s\n"+
			"Regenerate it from the repository root with:\n  %s\nand commit checker/bundle/course.txtar with the files.",
			strings.Join(stale, "\n  "), regenerate)
	}
	why := "they have uncommitted changes (a learner's work in progress?)"
	if gitErr != nil {
		why = fmt.Sprintf("git cannot say whether they are committed (%v)", gitErr)
	}
	t.Skipf("cannot tell whether course.txtar is up to date: these files differ from it, and %s:\n  %s\n"+
		"A learner's edits belong outside the archive. If you changed these files as a course author, run:\n  %s",
		why, strings.Join(unsure, "\n  "), regenerate)
}

type diff struct{ path, what string }

func (d diff) String() string { return d.path + ": " + d.what }

// compare lists where the files on disk and the archive disagree.
func compare(disk []source.File) []diff {
	var out []diff
	onDisk := map[string]bool{}
	for _, f := range disk {
		onDisk[f.Path] = true
		shipped, err := bundle.Read(f.Path)
		switch {
		case err != nil:
			out = append(out, diff{f.Path, "not in the archive"})
		case !bytes.Equal(shipped, f.Data):
			out = append(out, diff{f.Path, "changed"})
		}
	}
	for _, name := range bundle.Files() {
		if !onDisk[name] {
			out = append(out, diff{name, "in the archive, not on disk"})
		}
	}
	return out
}

// paths is a set of repository paths; a path ending in / stands for
// everything under it.
type paths map[string]bool

func (p paths) has(name string) bool {
	for k := range p {
		if k == name || (strings.HasSuffix(k, "/") && strings.HasPrefix(name, k)) {
			return true
		}
	}
	return false
}

// uncommitted asks git which course files differ from the last commit:
// changed, added, deleted, untracked or ignored.
func uncommitted(root string) (paths, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	prefix, err := exec.Command("git", "-C", abs, "rev-parse", "--show-prefix").Output()
	if err != nil {
		return nil, errors.New("not a git checkout, or git is not installed")
	}
	args := append([]string{"-C", abs, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--"}, source.Roots...)
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("git status: %v", err)
	}
	p := strings.TrimSpace(string(prefix))
	dirty := paths{}
	fields := strings.Split(string(out), "\x00")
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if len(f) < 4 {
			continue
		}
		status, name := f[:2], f[3:]
		dirty[strings.TrimPrefix(name, p)] = true
		if status[0] == 'R' || status[0] == 'C' {
			i++ // the entry's original path follows
			if i < len(fields) {
				dirty[strings.TrimPrefix(fields[i], p)] = true
			}
		}
	}
	return dirty, nil
}

func TestFilesHoldTheCourse(t *testing.T) {
	for _, want := range []string{
		"exercises.toml",
		"core/future.go",
		"exercises/2_state_machines/yield_once/yield_once.go",
		"solutions/2_state_machines/yield_once/yield_once.go",
	} {
		if !bundle.Has(want) {
			t.Errorf("the bundle has no %s", want)
		}
	}
	for _, name := range bundle.Files() {
		if strings.HasSuffix(name, "_test.go") && strings.HasPrefix(name, "core/") {
			t.Errorf("the bundle ships core's test file %s", name)
		}
	}
}

func TestReadMissing(t *testing.T) {
	_, err := bundle.Read("exercises/nope.go")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: got %v, want an error matching fs.ErrNotExist", err)
	}
}

func TestDir(t *testing.T) {
	got := bundle.Dir("exercises/2_state_machines/fetch_data")
	want := []string{
		"exercises/2_state_machines/fetch_data/fetch_data.go",
		"exercises/2_state_machines/fetch_data/sub_futures.go",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Dir: got %q, want %q", got, want)
	}
	if got := bundle.Dir("exercises/2_state_machines"); len(got) != 0 {
		t.Errorf("Dir of a folder with only folders: got %q, want nothing", got)
	}
}

func TestWriteWorkspace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	if err := bundle.WriteWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range bundle.Files() {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if strings.HasPrefix(name, "solutions/") {
			if err == nil {
				t.Errorf("the workspace has the solution %s", name)
			}
			continue
		}
		want, _ := bundle.Read(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not written as shipped (%v)", name, err)
		}
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if string(gomod) != bundle.GoMod {
		t.Errorf("go.mod: got %q, want %q", gomod, bundle.GoMod)
	}
	for _, name := range []string{".gitignore", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "solutions")); err == nil {
		t.Errorf("the workspace has a solutions folder")
	}

	err := bundle.WriteWorkspace(dir)
	var ee *bundle.ExistsError
	if !errors.As(err, &ee) || !ee.Workspace {
		t.Fatalf("a second WriteWorkspace: got %v, want an ExistsError for a workspace", err)
	}
	if !strings.Contains(err.Error(), "already holds a futurelings workspace") {
		t.Errorf("message: %v", err)
	}
}

func TestWriteWorkspaceRefusesAFullFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	err := bundle.WriteWorkspace(dir)
	var ee *bundle.ExistsError
	if !errors.As(err, &ee) || ee.Workspace {
		t.Fatalf("got %v, want an ExistsError for a non-empty folder", err)
	}
	if want := "is not empty (it has notes.txt)"; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q does not say %q", err, want)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
		t.Errorf("the file already there was changed")
	}
}

func TestWriteWorkspaceIntoAnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := bundle.WriteWorkspace(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "exercises.toml")); err != nil {
		t.Error(err)
	}
}

func TestWriteNewNeverOverwrites(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a", "b.go")
	if err := bundle.WriteNew(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := bundle.WriteNew(p, []byte("two")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second write: got %v, want an error matching fs.ErrExist", err)
	}
	if data, _ := os.ReadFile(p); string(data) != "one" {
		t.Errorf("the file was overwritten: %q", data)
	}
}

func TestWriteWorkspaceOverAFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "afile")
	os.WriteFile(p, []byte("x"), 0o644)
	err := bundle.WriteWorkspace(p)
	if err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("got %v, want an error saying it is a file", err)
	}
}
