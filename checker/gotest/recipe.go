package gotest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Recipe is what the go command decided about one package's test
// program, kept so that the program can be built again after a change to
// the package's own files by calling the compiler and the linker directly:
// the package, its external tests and the generated main are compiled
// again, and everything else the program links comes from the archives the
// go command left in its build cache. That skips the go command's start,
// its loading of some hundred packages and its cache look-ups, which are
// a fifth of a check after a change.
//
// A recipe holds only for the shapes it was learned from (see Rebuild):
// anything else is built by the go command, which stays the authority on
// what a build is.
type Recipe struct {
	Format     int
	ImportPath string // the package under test
	Dir        string // its folder, slash-separated, relative to the root
	Name       string // its package name
	Lang       string // the language version it is compiled for: "go1.25"
	GoVersion  string // the toolchain's version, as the compiler checks it
	ToolDir    string // where the compiler and the linker are
	GOROOT     string
	// ToolEnv is the target and experiments as the go command resolved
	// them, from its configuration as well as the environment: the tools
	// read them only from their environment.
	ToolEnv []string
	GODEBUG string // the program's default GODEBUG
	// TestMain is the source of the generated main package.
	TestMain string
	// Tests is the external test package's test functions, which TestMain
	// lists: a recipe is for the checks it was learned with.
	Tests []string
	// Archives maps the import path of every other package in the program
	// to its compiled archive.
	Archives map[string]string
	// Locals are the folders of the module's packages in the program,
	// slash-separated and relative to the root, Dir's own included.
	Locals []string
	// Deps is the caller's sum of what the program is built from besides
	// Dir's own files; Rebuild does not read it.
	Deps string
}

// recipeFormat changes when the meaning of a Recipe's fields does.
const recipeFormat = 1

// ErrNoRecipe says that a package cannot be built without the go command:
// its files now have a shape the recipe does not cover, or the recipe no
// longer matches what it builds with.
var ErrNoRecipe = errors.New("the package needs the go command")

// listed is one package as go list -json describes it.
type listed struct {
	ImportPath     string
	Name           string
	Dir            string
	ForTest        string
	Export         string
	Standard       bool
	GoFiles        []string
	CgoFiles       []string
	TestGoFiles    []string
	XTestGoFiles   []string
	IgnoredGoFiles []string
	EmbedFiles     []string
	SFiles         []string
	SysoFiles      []string
	Imports        []string
	DefaultGODEBUG string
	Module         *struct{ Path, GoVersion string }
	Error          *struct{ Err string }
	DepsErrors     []struct{ Err string }
}

// toolVars are the settings the compiler and the linker take from their
// environment that the go command may resolve from its own configuration.
var toolVars = []string{"GOOS", "GOARCH", "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64",
	"GOPPC64", "GORISCV64", "GOWASM", "GOEXPERIMENT", "GOFIPS140"}

// Learn asks the go command how the test program of each package is
// built, with the same overlay, flags and environment as Build, and
// returns a recipe for each, or nil for a package whose program has a
// shape recipes do not cover. It compiles whatever the build cache lacks,
// so it is meant to run after a Build, when it costs one go command start.
func Learn(ctx context.Context, opts BuildOptions, pkgs []Package) ([]*Recipe, error) {
	root, module, err := opts.module()
	if err != nil {
		return nil, err
	}
	goEnv, err := goEnvOf(ctx, opts)
	if err != nil {
		return nil, err
	}
	if f := goEnv["GOFIPS140"]; f != "" && f != "off" {
		return make([]*Recipe, len(pkgs)), nil // a FIPS module build links what go list does not name
	}
	overlay, err := writeOverlay(root, opts, pkgs)
	if err != nil {
		return nil, err
	}
	defer os.Remove(overlay)
	args := []string{"list", "-e", "-deps", "-test", "-export", "-gcflags=-dwarf=false", "-overlay=" + overlay,
		"-json=ImportPath,Name,Dir,ForTest,Export,Standard,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles," +
			"EmbedFiles,SFiles,SysoFiles,Imports,DefaultGODEBUG,Module,Error,DepsErrors"}
	for _, p := range pkgs {
		args = append(args, "./"+filepath.ToSlash(filepath.Clean(filepath.FromSlash(p.Dir))))
	}
	out, err := goOutput(ctx, opts, root, args...)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*listed{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var l listed
		if err := dec.Decode(&l); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list: %w", err)
		}
		byPath[l.ImportPath] = &l
	}
	recipes := make([]*Recipe, len(pkgs))
	for i, p := range pkgs {
		recipes[i] = recipeOf(root, module, p, byPath, goEnv)
	}
	return recipes, nil
}

// recipeOf makes the recipe of one package from go list's account of its
// program, or returns nil when the program is not of the one shape a
// recipe covers: the package without tests of its own, an external test
// package, and a main, with no other package built for the test.
func recipeOf(root, module string, p Package, byPath map[string]*listed, goEnv map[string]string) *Recipe {
	dir := filepath.ToSlash(filepath.Clean(filepath.FromSlash(p.Dir)))
	ip := module + "/" + dir
	xtestIP := ip + "_test [" + ip + ".test]"
	pkg, xtest, main := byPath[ip], byPath[xtestIP], byPath[ip+".test"]
	if pkg == nil || xtest == nil || main == nil || len(main.GoFiles) != 1 || pkg.Module == nil {
		return nil
	}
	if !buildsPlainly(pkg) || len(pkg.TestGoFiles) > 0 || len(pkg.IgnoredGoFiles) > 0 || !buildsPlainly(xtest) || !buildsPlainly(main) {
		return nil
	}
	testMain, err := os.ReadFile(main.GoFiles[0])
	if err != nil {
		return nil
	}
	if slices.Contains(xtest.Imports, ip) {
		// The external tests import the package, so it is in the program
		// and started before them without the main's blank import, which
		// would tie the main to the package's export data: without it, a
		// change to the package's code leaves the main as it was.
		testMain = bytes.Replace(testMain, []byte("\t_ "+strconv.Quote(ip)+"\n"), nil, 1)
	}
	tests, ok := testsIn(root, dir, p.Overlay, xtest.GoFiles)
	if !ok {
		return nil
	}
	rc := &Recipe{
		Format:     recipeFormat,
		ImportPath: ip,
		Dir:        dir,
		Name:       pkg.Name,
		Lang:       langOf(pkg.Module.GoVersion),
		GoVersion:  goEnv["GOVERSION"],
		ToolDir:    goEnv["GOTOOLDIR"],
		GOROOT:     goEnv["GOROOT"],
		GODEBUG:    main.DefaultGODEBUG,
		TestMain:   string(testMain),
		Tests:      tests,
		Archives:   map[string]string{},
	}
	for _, v := range toolVars {
		if val := goEnv[v]; val != "" {
			rc.ToolEnv = append(rc.ToolEnv, v+"="+val)
		}
	}
	// Everything the main reaches, but the three packages built again.
	seen := map[string]bool{ip: true, xtestIP: true, main.ImportPath: true}
	queue := append([]string{}, main.Imports...)
	queue = append(queue, pkg.Imports...)
	queue = append(queue, xtest.Imports...)
	locals := map[string]bool{dir: true}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		if seen[q] || q == "unsafe" {
			continue
		}
		seen[q] = true
		l := byPath[q]
		if l == nil || l.ForTest != "" || l.Export == "" || l.Error != nil || len(l.DepsErrors) > 0 {
			return nil // a package recompiled for the test, or one go list could not build
		}
		if slices.Contains(l.Imports, ip) {
			return nil // a package built on the one under test: a change to it would need that one built again
		}
		rc.Archives[q] = l.Export
		if !l.Standard {
			rel, ok := relative(root, l.Dir)
			if !ok {
				return nil // a package from outside the module
			}
			locals[rel] = true
		}
		queue = append(queue, l.Imports...)
	}
	for d := range locals {
		rc.Locals = append(rc.Locals, d)
	}
	sort.Strings(rc.Locals)
	if rc.Lang == "" || rc.ToolDir == "" || rc.GOROOT == "" || rc.GoVersion == "" {
		return nil
	}
	return rc
}

// buildsPlainly says that go list found no error and nothing but Go files
// to compile.
func buildsPlainly(l *listed) bool {
	return l.Error == nil && len(l.DepsErrors) == 0 && len(l.CgoFiles) == 0 && len(l.EmbedFiles) == 0 &&
		len(l.SFiles) == 0 && len(l.SysoFiles) == 0
}

// langOf turns a go.mod go version ("1.25.0") into the compiler's -lang.
func langOf(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return ""
	}
	return "go" + parts[0] + "." + parts[1]
}

// testsIn lists the test functions of the external test files, read where
// the overlay puts them.
func testsIn(root, dir string, overlay map[string]string, names []string) ([]string, bool) {
	var files []source
	for _, n := range names {
		src, ok := overlay[n]
		if !ok {
			src = filepath.Join(root, filepath.FromSlash(dir), n)
		}
		if src == "" {
			return nil, false
		}
		files = append(files, source{name: n, path: src})
	}
	decls, err := readSources(files)
	if err != nil {
		return nil, false
	}
	return testNames(decls), true
}

// goEnvOf reads the go command's settings that a direct build needs.
func goEnvOf(ctx context.Context, opts BuildOptions) (map[string]string, error) {
	args := append([]string{"env", "-json", "GOVERSION", "GOTOOLDIR", "GOROOT"}, toolVars...)
	out, err := goOutput(ctx, opts, opts.Root, args...)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, fmt.Errorf("reading go env: %w", err)
	}
	return env, nil
}

// learnLimit bounds a go list or go env run.
const learnLimit = 2 * time.Minute

// goOutput runs the go command and returns its standard output.
func goOutput(ctx context.Context, opts BuildOptions, dir string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, learnLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, opts.Go, args...)
	cmd.Dir = dir
	cmd.Env = opts.Env
	setProcessGroup(cmd)
	var stderr cappedBuffer
	stderr.max = 4 << 10
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Save writes the recipe to path, atomically.
func (rc *Recipe) Save(path string) error {
	data, err := json.Marshal(rc)
	if err != nil {
		return err
	}
	return writeAtomic(path, data)
}

// writeAtomic writes a file whole or not at all, even with another
// process writing it at the same time.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// LoadRecipe reads a recipe Save wrote, or returns nil.
func LoadRecipe(p string) *Recipe {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	var rc Recipe
	if json.Unmarshal(data, &rc) != nil || rc.Format != recipeFormat || rc.ImportPath == "" ||
		path.Clean(rc.Dir) != rc.Dir {
		return nil
	}
	return &rc
}
