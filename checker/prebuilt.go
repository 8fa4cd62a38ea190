package checker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/gotest"
)

// A test program kept in a bin slot is run again without asking the go
// command, whose package loading is most of what a check of unchanged code
// costs, when nothing it is built from has changed: the files of the
// module, the files laid over it, the go command and the environment that
// selects what it builds. Each program's inputs are summed into a file
// beside it, with the program's stamp.
//
// Once the go command has said how a program is built (a recipe, see
// gotest.Recipe, learned after a check), two things get cheaper. The
// program's inputs are the folders of the packages in it rather than the
// whole module, so a change to one exercise leaves the programs of the
// others standing. And a change to the exercise's own files is built by
// the compiler and the linker alone, as long as everything else the
// program is built from is as it was when the recipe was learned.

// inputsFile names the file beside a kept program that says what it was
// built from.
func inputsFile(bin string) string { return bin + ".inputs" }

// recipeFile names the file beside a kept program that holds its recipe.
func recipeFile(bin string) string { return bin + ".recipe" }

// snapshot is what the module's folders and the toolchain looked like at
// one moment: each folder's files by name, size, modification time and
// mode (a save changes them), and the go command with the environment
// that selects what it builds.
type snapshot struct {
	dirs    map[string]string // slash path relative to the root ("." for it) to its files' sum
	mod     string            // go.mod and go.sum
	tools   string
	overlay string // the files laid over the module, names and contents
}

// snapshot sums the module's folders, and the files laid over the module.
// Folders go ignores (".x", "_x") and futurelings' own are left out:
// whatever a program is built from lies in the module (the course has no
// other modules) or is laid over it.
func (w *Workspace) snapshot(opts Options, moduleOverlay map[string]string) *snapshot {
	s := &snapshot{dirs: map[string]string{}, tools: toolSum(opts.Go, buildEnv(opts.Env)), overlay: overlaySum(moduleOverlay)}
	s.mod = filesSum(filepath.Join(w.Root, "go.mod"), filepath.Join(w.Root, "go.sum"))
	filepath.WalkDir(w.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != w.Root && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(w.Root, p)
		if err != nil {
			return nil
		}
		s.dirs[filepath.ToSlash(rel)] = dirSum(p)
		return nil
	})
	return s
}

// dirSum sums the files directly in one folder.
func dirSum(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return filesSum(files...)
}

// filesSum sums files by name, size, modification time and mode.
func filesSum(files ...string) string {
	h := sha256.New()
	for _, f := range files {
		if info, err := os.Lstat(f); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00%o\n", filepath.Base(f), info.Size(), info.ModTime().UnixNano(), info.Mode())
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// tree sums the whole module.
func (s *snapshot) tree() string {
	dirs := make([]string, 0, len(s.dirs))
	for d := range s.dirs {
		dirs = append(dirs, d)
	}
	return s.of(dirs)
}

// of sums the given folders, go.mod and go.sum.
func (s *snapshot) of(dirs []string) string {
	dirs = slices.Clone(dirs)
	sort.Strings(dirs)
	h := sha256.New()
	fmt.Fprintln(h, s.tools)
	fmt.Fprintln(h, s.mod)
	last := ""
	for _, d := range dirs {
		if d != last {
			fmt.Fprintf(h, "%s\x00%s\n", d, s.dirs[d])
		}
		last = d
	}
	return hex.EncodeToString(h.Sum(nil))
}

// programSum sums what one package's program is built from: the folders of
// its recipe's packages when there is a recipe, else the whole module.
func (s *snapshot) programSum(rc *gotest.Recipe, pkg gotest.Package) string {
	tree := s.tree()
	if rc != nil {
		tree = s.of(rc.Locals)
	}
	return inputsSum(tree+"\x00"+s.overlay, pkg)
}

// depsSum sums what a program is built from besides its own package's
// files: a recipe holds while this is unchanged.
func (s *snapshot) depsSum(rc *gotest.Recipe) string {
	var others []string
	for _, d := range rc.Locals {
		if d != rc.Dir {
			others = append(others, d)
		}
	}
	return inputsSum(s.of(others)+"\x00"+s.overlay, gotest.Package{Dir: rc.Dir})
}

// treeSum sums the whole module and the toolchain, as a key for what was
// learned from it.
func (w *Workspace) treeSum(opts Options) string { return w.snapshot(opts, nil).tree() }

// toolSum identifies the go command and the environment it builds with,
// the go command's own settings file (go env -w) included.
func toolSum(goCmd string, env []string) string {
	h := sha256.New()
	if goCmd == "" {
		goCmd = "go"
	}
	stat := func(p string) {
		if info, err := os.Stat(p); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
		}
	}
	if p, err := exec.LookPath(goCmd); err == nil {
		stat(p)
	}
	if p := goEnvFile(env); p != "" {
		stat(p)
	}
	keys := map[string]bool{"GOARCH": true, "GOOS": true, "GOAMD64": true, "GO386": true, "GOARM": true,
		"GOARM64": true, "GOEXPERIMENT": true, "GOROOT": true, "GOTOOLCHAIN": true, "GOFLAGS": true,
		"GOWORK": true, "GO111MODULE": true, "CGO_ENABLED": true, "GOPATH": true, "GOMODCACHE": true,
		"GOENV": true, "GOFIPS140": true}
	var kept []string
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); keys[k] {
			kept = append(kept, kv)
		}
	}
	sort.Strings(kept)
	fmt.Fprintln(h, strings.Join(kept, "\x00"))
	return hex.EncodeToString(h.Sum(nil))
}

// goEnvFile is where go env -w writes, as the go command finds it.
func goEnvFile(env []string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], "GOENV="); ok {
			return v
		}
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "go", "env")
}

// inputsSum sums what one package's program is built from, given the sum
// of everything else it is built with.
func inputsSum(rest string, pkg gotest.Package) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", rest, pkg.Dir, overlaySum(pkg.Overlay))
	return hex.EncodeToString(h.Sum(nil))
}

// overlaySum sums the files of an overlay by name and contents.
func overlaySum(m map[string]string) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00", n)
		if src := m[n]; src != "" {
			if f, err := os.Open(src); err == nil {
				io.Copy(h, f)
				f.Close()
			}
		}
		fmt.Fprintln(h)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// keptProgram returns the kept program of pkg if it was built from inputs.
func (w *Workspace) keptProgram(bin string, pkg gotest.Package, inputs string) *gotest.Result {
	data, err := os.ReadFile(inputsFile(bin))
	if err != nil {
		return nil
	}
	sum, stamp, ok := strings.Cut(strings.TrimSpace(string(data)), "\n")
	if !ok || sum != inputs {
		return nil
	}
	return gotest.Built(w.Root, pkg.Dir, bin, stamp)
}

// keep notes what a just-built program was built from.
func keep(r *gotest.Result, inputs string) {
	if r.Binary == "" {
		return
	}
	writeFileAtomic(inputsFile(r.Binary), []byte(inputs+"\n"+gotest.Stamp(r.Binary)+"\n"))
}

// recipe returns the recipe kept for a job's program if it still holds:
// nothing the program is built from but the package's own files has
// changed since it was learned. Only an exercise checked in its own
// folder, as the learner's code is, has one. A recipe that no longer
// holds is removed, so that the program's inputs are the whole module's
// again until the next one is learned.
func (s *snapshot) recipe(bin string, j *job) *gotest.Recipe {
	if len(j.target.Replace) != 0 {
		return nil
	}
	file := recipeFile(filepath.Join(bin, gotest.BinaryName(j.pkg.Dir)))
	rc := gotest.LoadRecipe(file)
	if rc == nil {
		return nil
	}
	if rc.Dir != j.pkg.Dir || rc.Deps != s.depsSum(rc) {
		os.Remove(file)
		return nil
	}
	return rc
}

// buildOrKeep returns the batch's test programs: the kept ones whose
// inputs have not changed, the ones whose recipe builds them without the
// go command, and the rest built with build. It returns each program's
// inputs sum too.
func (w *Workspace) buildOrKeep(ctx context.Context, bin string, batch []*job, modOverlay map[string]string, opts Options,
	bopts gotest.BuildOptions, build func([]gotest.Package) ([]*gotest.Result, error)) ([]*gotest.Result, []string, error) {
	snap := w.snapshot(opts, modOverlay)
	results := make([]*gotest.Result, len(batch))
	sums := make([]string, len(batch))
	var todo []int
	var pkgs []gotest.Package
	for k, j := range batch {
		var rc *gotest.Recipe
		if !opts.NoCache {
			rc = snap.recipe(bin, j)
		}
		sums[k] = snap.programSum(rc, j.pkg)
		if !opts.NoCache {
			if kept := w.keptProgram(filepath.Join(bin, gotest.BinaryName(j.pkg.Dir)), j.pkg, sums[k]); kept != nil {
				results[k] = kept
				continue
			}
		}
		if rc != nil {
			r, err := rc.Rebuild(ctx, bopts, j.pkg)
			if err == nil {
				results[k] = r
				keep(r, sums[k])
				continue
			}
			if !errors.Is(err, gotest.ErrNoRecipe) {
				return nil, nil, err
			}
			// The go command builds it, perhaps from other packages than
			// the recipe's: until one is learned again, the program's
			// inputs are the whole module.
			os.Remove(recipeFile(filepath.Join(bin, gotest.BinaryName(j.pkg.Dir))))
			sums[k] = snap.programSum(nil, j.pkg)
		}
		todo = append(todo, k)
		pkgs = append(pkgs, j.pkg)
	}
	if len(todo) == 0 {
		return results, sums, nil
	}
	built, err := build(pkgs)
	if err != nil {
		return nil, nil, err
	}
	for i, k := range todo {
		results[k] = built[i]
		keep(built[i], sums[k])
	}
	return results, sums, nil
}

// Learn asks the go command how the test programs that check the exercise
// (and the ones it builds on) are built, for those that have no recipe
// yet, so that the next check after a change to the exercise's own files
// builds them without it (see gotest.Recipe). It is meant for after a
// verdict: it costs a go command run when there is something to learn and
// little otherwise, and it takes the bin slot it writes to only for a
// moment, so that it never keeps a check from its kept programs. Nothing
// is learned about code that does not compile.
func (w *Workspace) Learn(ctx context.Context, e *course.Exercise, opts Options) error {
	if opts.NoCache {
		return nil
	}
	if err := w.moduleProblem(); err != nil {
		return err
	}
	bin := w.freeSlot()
	if bin == "" {
		return nil
	}
	targets := w.withRequired(Targets([]*course.Exercise{e}))
	jobs := w.plan(targets, make([]*Verdict, len(targets)))
	if len(jobs) == 0 {
		return nil
	}
	r, err := w.newRun()
	if err != nil {
		return err
	}
	defer r.remove()
	module, err := gotest.ModulePath(w.Root)
	if err != nil {
		return err
	}
	modOverlay := w.moduleOverlay(r)
	snap := w.snapshot(opts, modOverlay)
	var todo []*job
	var pkgs []gotest.Package
	for k, j := range jobs {
		overlay, err := w.prepare(r, k, j, module)
		if err != nil {
			return err
		}
		j.pkg = gotest.Package{Dir: j.target.Dir, Overlay: overlay}
		if snap.recipe(bin, j) == nil {
			todo = append(todo, j)
			pkgs = append(pkgs, j.pkg)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	recipes, err := gotest.Learn(ctx, w.buildOptions(r, bin, modOverlay, opts), pkgs)
	if err != nil {
		return err
	}
	unlock, ok := tryLock(bin + ".lock")
	if !ok {
		return nil // a check is using the slot: learn after the next one
	}
	defer unlock()
	for i, j := range todo {
		if rc := recipes[i]; rc != nil {
			w.adopt(snap, bin, j, rc)
		}
	}
	return nil
}

// adopt keeps a recipe learned from the snapshot, and restates the inputs
// of the kept program it describes in its terms if that program was built
// from the snapshot.
func (w *Workspace) adopt(snap *snapshot, bin string, j *job, rc *gotest.Recipe) {
	rc.Deps = snap.depsSum(rc)
	program := filepath.Join(bin, gotest.BinaryName(j.pkg.Dir))
	if err := rc.Save(recipeFile(program)); err != nil {
		return
	}
	if kept := w.keptProgram(program, j.pkg, snap.programSum(nil, j.pkg)); kept != nil {
		keep(kept, snap.programSum(rc, j.pkg))
	}
}

// freeSlot returns the bin slot the next check will most likely use: the
// first one no command holds now.
func (w *Workspace) freeSlot() string {
	parent := filepath.Join(w.StateDir(), "bin")
	if os.MkdirAll(parent, 0o755) != nil {
		return ""
	}
	for i := range binSlots {
		slot := filepath.Join(parent, fmt.Sprint(i))
		if unlock, ok := tryLock(slot + ".lock"); ok {
			unlock()
			return slot
		}
	}
	return ""
}
