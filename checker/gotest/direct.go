package gotest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Rebuild builds the package's test program as the go command would, by
// running the compiler on the package, its external tests and the
// recipe's main, and the linker on those and the recipe's archives. The
// program goes where Build puts it. It returns ErrNoRecipe, having built
// nothing, when the package's files have a shape the recipe does not
// cover: build constraints, cgo, embedded files, directives, an import
// outside the program, tests other than the recipe's, a missing archive.
// A package or tests that do not compile give a Result with BuildFailed
// and the compiler's lines, as Build's do.
func (rc *Recipe) Rebuild(ctx context.Context, opts BuildOptions, pkg Package) (*Result, error) {
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	dir := filepath.ToSlash(filepath.Clean(filepath.FromSlash(pkg.Dir)))
	if dir != rc.Dir || overlaysDir(opts.Overlay, dir) {
		return nil, ErrNoRecipe
	}
	goFiles, testFiles, err := rc.sources(root, pkg)
	if err != nil {
		return nil, err
	}
	if err := rc.archivesExist(); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp(opts.TempDir, "direct-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	d := &direct{rc: rc, root: root, work: work, env: rc.toolEnv(opts.Env), built: map[string]string{}}
	res := &Result{Dir: dir, ImportPath: rc.ImportPath}
	if out, err := d.compile(ctx, rc.ImportPath, goFiles); err != nil || out != nil {
		return failed(res, rc.ImportPath, root, out, err)
	}
	if out, err := d.compile(ctx, rc.ImportPath+"_test", testFiles); err != nil || out != nil {
		return failed(res, rc.ImportPath+"_test", root, out, err)
	}
	bin := filepath.Join(opts.OutDir, BinaryName(dir))
	if err := d.compileMain(ctx, bin); err != nil {
		return nil, err
	}
	if err := d.link(ctx, bin); err != nil {
		return nil, err
	}
	res.Binary, res.stamp = bin, stampOf(bin)
	return res, nil
}

// failed is the Result of a package that did not compile, or the error
// that kept the compiler from running.
func failed(res *Result, importPath, root string, out []byte, err error) (*Result, error) {
	if err != nil {
		return nil, err
	}
	res.BuildFailed = true
	res.FailedImport = importPath
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if l != "" {
			res.BuildOutput = append(res.BuildOutput, relativeLine(root, l))
		}
	}
	return res, nil
}

// overlaysDir says whether the module overlay lays a file in dir, which a
// recipe does not follow.
func overlaysDir(overlay map[string]string, dir string) bool {
	for rel := range overlay {
		if path.Dir(filepath.ToSlash(rel)) == dir {
			return true
		}
	}
	return false
}

// source is one file to compile: its name in the package, the file that
// holds it, and the path its positions are given under when it is laid
// over another.
type source struct {
	name, path, shown string
	file              *ast.File
	data              []byte
}

// sources returns the package's Go files and its external test files as
// the go command would pick them, or ErrNoRecipe when it could pick
// otherwise than the recipe's program does.
func (rc *Recipe) sources(root string, pkg Package) (goFiles, testFiles []source, err error) {
	abs := filepath.Join(root, filepath.FromSlash(rc.Dir))
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, nil, ErrNoRecipe // gone since it was planned: the go command says how
	}
	paths := map[string]string{}
	for _, e := range entries {
		n := e.Name()
		// Test files come only from the overlay: the package's own are
		// never part of its program, whenever they were written.
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if !strings.HasSuffix(n, ".go") {
			if otherSource(n) {
				return nil, nil, ErrNoRecipe
			}
			continue
		}
		paths[n] = filepath.Join(abs, n)
	}
	overlaid := map[string]bool{}
	for n, src := range pkg.Overlay {
		if strings.Contains(filepath.ToSlash(n), "/") {
			return nil, nil, ErrNoRecipe // a file laid over another package
		}
		if src == "" {
			delete(paths, n)
			continue
		}
		paths[n], overlaid[n] = src, true
	}
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = rc.goos(), rc.goarch()
	ctx.CgoEnabled = false
	for n, p := range paths {
		s := source{name: n, path: p}
		if overlaid[n] {
			s.shown = filepath.Join(abs, n)
		}
		if s.data, err = os.ReadFile(p); err != nil {
			return nil, nil, ErrNoRecipe
		}
		if hasConstraint(s.data) {
			return nil, nil, ErrNoRecipe
		}
		if strings.HasSuffix(n, "_test.go") {
			testFiles = append(testFiles, s)
			continue
		}
		data := s.data
		ctx.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(data))), nil }
		if ok, err := ctx.MatchFile(abs, n); err != nil || !ok {
			return nil, nil, ErrNoRecipe // a file for another system: the go command knows them all
		}
		goFiles = append(goFiles, s)
	}
	byName := func(a, b source) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(goFiles, byName)
	slices.SortFunc(testFiles, byName)
	if len(goFiles) == 0 || len(testFiles) == 0 {
		return nil, nil, ErrNoRecipe
	}
	if err := rc.checkShape(goFiles, testFiles); err != nil {
		return nil, nil, err
	}
	return goFiles, testFiles, nil
}

// checkShape refuses files the recipe's program was not learned from:
// another package name, a directive the go command acts on, an import
// outside the program, other tests.
func (rc *Recipe) checkShape(goFiles, testFiles []source) error {
	if _, err := readSources(goFiles); err != nil {
		return ErrNoRecipe // the go command's message about a syntax error says it best
	}
	if _, err := readSources(testFiles); err != nil {
		return ErrNoRecipe
	}
	for _, s := range goFiles {
		if s.file.Name.Name != rc.Name || strings.Contains(string(s.data), "//go:") {
			return ErrNoRecipe
		}
		if !rc.importsKnown(s.file, false) {
			return ErrNoRecipe
		}
	}
	for _, s := range testFiles {
		if s.file.Name.Name != rc.Name+"_test" || !rc.importsKnown(s.file, true) {
			return ErrNoRecipe
		}
	}
	if !slices.Equal(testNames(testFiles), rc.Tests) {
		return ErrNoRecipe
	}
	return nil
}

// importsKnown says whether every import of f is a package of the program.
func (rc *Recipe) importsKnown(f *ast.File, test bool) bool {
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return false
		}
		if _, ok := rc.Archives[p]; ok || p == "unsafe" || (test && p == rc.ImportPath) {
			continue
		}
		return false
	}
	return true
}

// readSources parses the files, keeping each one's syntax in it.
func readSources(files []source) ([]source, error) {
	fset := token.NewFileSet()
	for i := range files {
		s := &files[i]
		if s.data == nil {
			data, err := os.ReadFile(s.path)
			if err != nil {
				return nil, err
			}
			s.data = data
		}
		f, err := parser.ParseFile(fset, s.name, s.data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		s.file = f
	}
	return files, nil
}

// testNames lists, sorted, the functions of test files that the generated
// main refers to or that change it: tests, benchmarks, fuzz tests,
// examples and TestMain.
func testNames(files []source) []string {
	var names []string
	for _, s := range files {
		for _, d := range s.file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
				if strings.HasPrefix(fn.Name.Name, prefix) {
					names = append(names, fn.Name.Name)
					break
				}
			}
		}
	}
	slices.Sort(names)
	return names
}

// hasConstraint says whether a file's header has a build constraint,
// which the recipe leaves to the go command to weigh.
func hasConstraint(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "package ") {
			return false
		}
		if strings.HasPrefix(line, "//go:build") || strings.HasPrefix(line, "// +build") {
			return true
		}
	}
	return false
}

// otherSource says whether a file name is one the go command would build
// or refuse beside Go files: assembly, C and its kin, objects.
func otherSource(name string) bool {
	switch filepath.Ext(name) {
	case ".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".m", ".h", ".hh", ".hpp", ".hxx",
		".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso":
		return true
	}
	return false
}

func (rc *Recipe) archivesExist() error {
	for _, a := range rc.Archives {
		if !isFile(a) {
			return ErrNoRecipe // Go's cache was trimmed or cleaned
		}
	}
	return nil
}

func (rc *Recipe) goos() string   { return rc.toolVar("GOOS", runtime.GOOS) }
func (rc *Recipe) goarch() string { return rc.toolVar("GOARCH", runtime.GOARCH) }

func (rc *Recipe) toolVar(name, def string) string {
	for _, kv := range rc.ToolEnv {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return def
}

// toolEnv is the tools' environment: the caller's, with the target and
// experiments the go command resolved.
func (rc *Recipe) toolEnv(env []string) []string {
	out := make([]string, 0, len(env)+len(rc.ToolEnv)+1)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(toolVars, k) && k != "GOROOT" {
			out = append(out, kv)
		}
	}
	return append(append(out, rc.ToolEnv...), "GOROOT="+rc.GOROOT)
}

// direct is one Rebuild under way.
type direct struct {
	rc    *Recipe
	root  string
	work  string
	env   []string
	built map[string]string // import path to archive, of the packages compiled so far
}

// compile compiles one package into the work folder. It returns the
// compiler's output when the package does not compile.
func (d *direct) compile(ctx context.Context, importPath string, files []source) ([]byte, error) {
	name := strings.NewReplacer("/", "_", ".", "_").Replace(importPath)
	cfg := filepath.Join(d.work, name+".importcfg")
	archive := filepath.Join(d.work, name+".a")
	var b strings.Builder
	b.WriteString("# import config\n")
	imported := map[string]bool{}
	for _, s := range files {
		for _, spec := range s.file.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if p == "unsafe" || imported[p] {
				continue
			}
			imported[p] = true
			a := d.archive(p)
			if a == "" {
				return nil, ErrNoRecipe
			}
			fmt.Fprintf(&b, "packagefile %s=%s\n", p, a)
		}
	}
	if err := os.WriteFile(cfg, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	args := []string{"-o", archive, "-p", importPath, "-lang=" + d.rc.Lang, "-complete", "-goversion", d.rc.GoVersion,
		"-c=" + strconv.Itoa(min(4, runtime.NumCPU())), "-dwarf=false", "-nolocalimports", "-importcfg", cfg, "-pack"}
	var trims []string
	for _, s := range files {
		if s.shown != "" {
			trims = append(trims, absPath(d.root, s.path)+"=>"+s.shown)
		}
	}
	trims = append(trims, d.work+"=>")
	args = append(args, "-trimpath", strings.Join(trims, ";"))
	for _, s := range files {
		args = append(args, d.argPath(s.path))
	}
	out, ok, err := d.tool(ctx, "compile", args...)
	if err != nil {
		return nil, err
	}
	if !ok {
		if len(out) == 0 || strings.Contains(string(out), "could not import") {
			return nil, ErrNoRecipe // a broken archive, not broken code
		}
		return out, nil
	}
	d.built[importPath] = archive
	return nil, nil
}

// compileMain compiles the recipe's main, or takes the one compiled for
// the program at bin before: a main that does not import the package
// under test (see Learn) depends only on the external tests' export data,
// which a change to the package's own code rarely changes.
func (d *direct) compileMain(ctx context.Context, bin string) error {
	kept, keyFile := bin+".main", bin+".main.key"
	key := ""
	if q := strconv.Quote(d.rc.ImportPath); !strings.Contains(d.rc.TestMain, "_ "+q) && !strings.Contains(d.rc.TestMain, "_test "+q) {
		if h, err := exportHash(d.built[d.rc.ImportPath+"_test"]); err == nil {
			key = hashOf(d.rc.GoVersion, strings.Join(d.rc.ToolEnv, "\x00"), d.rc.TestMain, h)
		}
	}
	if key != "" {
		if old, err := os.ReadFile(keyFile); err == nil && string(old) == key && isFile(kept) {
			d.built["main"] = kept
			return nil
		}
	}
	src := filepath.Join(d.work, "_testmain.go")
	if err := os.WriteFile(src, []byte(d.rc.TestMain), 0o644); err != nil {
		return err
	}
	files, err := readSources([]source{{name: "_testmain.go", path: src}})
	if err != nil {
		return ErrNoRecipe
	}
	if out, err := d.compile(ctx, "main", files); err != nil {
		return err
	} else if out != nil {
		return ErrNoRecipe // the recipe's own main does not build: the go command will say why
	}
	if key != "" {
		os.Remove(keyFile)
		if copyFile(d.built["main"], kept) == nil {
			os.WriteFile(keyFile, []byte(key), 0o644)
		}
	}
	return nil
}

// exportHash sums the export data of a compiled package: the first
// member, __.PKGDEF, of its archive.
func exportHash(archive string) (string, error) {
	data, err := os.ReadFile(archive)
	if err != nil {
		return "", err
	}
	const magic, header = "!<arch>\n", 60
	if len(data) < len(magic)+header || string(data[:len(magic)]) != magic {
		return "", errors.New("not an archive")
	}
	h := data[len(magic) : len(magic)+header]
	size, err := strconv.Atoi(strings.TrimSpace(string(h[48:58])))
	start := len(magic) + header
	if err != nil || strings.TrimSpace(string(h[:16])) != "__.PKGDEF" || size < 0 || start+size > len(data) {
		return "", errors.New("no export data")
	}
	return hashOf(string(data[start : start+size])), nil
}

func hashOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d\x00%s", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return writeAtomic(to, data)
}

// archive names the archive of an imported package.
func (d *direct) archive(importPath string) string {
	if a := d.built[importPath]; a != "" {
		return a
	}
	return d.rc.Archives[importPath]
}

// argPath is how the compiler is told of a file: relative to the root,
// as the go command does, so that its messages read the same.
func (d *direct) argPath(p string) string {
	if rel, ok := relative(d.root, p); ok {
		return "./" + rel
	}
	return p
}

func absPath(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, p)
}

// link links the program from the main just compiled, writing it to bin
// whole or not at all.
func (d *direct) link(ctx context.Context, bin string) error {
	var b strings.Builder
	for p, a := range d.rc.Archives {
		fmt.Fprintf(&b, "packagefile %s=%s\n", p, a)
	}
	for p, a := range d.built {
		if p != "main" {
			fmt.Fprintf(&b, "packagefile %s=%s\n", p, a)
		}
	}
	cfg := filepath.Join(d.work, "importcfg.link")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	// Linked beside its place, so that it moves there in one rename. The
	// caller has the folder to itself (see checker's bin slots), so what
	// an earlier link left there was left by one that was killed.
	prefix := "." + filepath.Base(bin) + ".link-"
	if stale, err := filepath.Glob(filepath.Join(filepath.Dir(bin), prefix+"*")); err == nil {
		for _, p := range stale {
			os.Remove(p)
		}
	}
	f, err := os.CreateTemp(filepath.Dir(bin), prefix+"*")
	if err != nil {
		return err
	}
	f.Close()
	tmp := f.Name()
	defer os.Remove(tmp)
	args := []string{"-o", tmp, "-importcfg", cfg}
	if d.rc.GODEBUG != "" {
		args = append(args, "-X=runtime.godebugDefault="+d.rc.GODEBUG)
	}
	args = append(args, "-buildmode=exe", "-s", "-w", "-X", "testing.testBinary=1", d.built["main"])
	if _, ok, err := d.tool(ctx, "link", args...); err != nil {
		return err
	} else if !ok {
		// Whatever the linker stumbled on, a kept main is not trusted
		// again: the go command builds this one.
		os.Remove(bin + ".main.key")
		os.Remove(bin + ".main")
		return ErrNoRecipe
	}
	removeIfNotProgram(bin)
	if err := os.Rename(tmp, bin); err != nil {
		return err
	}
	return nil
}

// tool runs one of the toolchain's tools from the root, as the go command
// does. ok says whether it succeeded; the error is for one that could not
// run at all.
func (d *direct) tool(ctx context.Context, name string, args ...string) (out []byte, ok bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, buildLimit)
	defer cancel()
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	cmd := exec.CommandContext(ctx, filepath.Join(d.rc.ToolDir, name), args...)
	cmd.Dir = d.root
	cmd.Env = d.env
	setProcessGroup(cmd)
	var output cappedBuffer
	output.max = 64 << 10
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		return nil, false, ErrNoRecipe // the toolchain moved: the go command knows where it is now
	}
	addChild(cmd.Process.Pid)
	defer removeChild(cmd.Process.Pid)
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return nil, false, fmt.Errorf("%s: %w", name, ctx.Err())
	}
	return output.Bytes(), waitErr == nil, nil
}
