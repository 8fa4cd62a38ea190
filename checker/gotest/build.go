package gotest

import (
	"bufio"
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
	"regexp"
	"strings"
	"time"
)

// BuildOptions configures Build.
type BuildOptions struct {
	Root string // the module root; the go command runs there
	Go   string // the go command; "go" when empty
	// OutDir receives the test programs, one <package>.test each.
	OutDir string
	// TempDir receives the overlay file; OutDir when empty.
	TempDir string
	// Overlay adds or replaces files anywhere in the module: a slash path
	// relative to Root, to the file on disk that stands in for it ("" leaves
	// the file out).
	Overlay map[string]string
	// Env is the go command's whole environment.
	Env []string
	// OnSlow, if set, is called once when the build has taken a while: the
	// first build on a machine compiles the test framework's packages.
	OnSlow func()
}

// Build compiles a test program for every package in one go test -c run.
// It returns one Result per package, in order: Binary is set for those
// that built, BuildFailed and BuildOutput for those that did not. The error
// is for a build that could not happen at all: no go command, a broken
// module or environment.
func Build(ctx context.Context, opts BuildOptions, pkgs []Package) ([]*Result, error) {
	if len(pkgs) == 0 {
		return nil, nil
	}
	root, module, err := opts.module()
	if err != nil {
		return nil, err
	}
	results, err := newResults(module, pkgs)
	if err != nil {
		return nil, err
	}
	overlay, err := writeOverlay(root, opts, pkgs)
	if err != nil {
		return nil, err
	}
	defer os.Remove(overlay)
	for _, r := range results {
		removeIfNotProgram(filepath.Join(opts.OutDir, path.Base(r.Dir)+".test"))
	}
	// Linked without a symbol table and debug information, as go test links
	// the programs it runs itself: that is most of a link's time, and stack
	// traces need neither. For the same reason the packages checked, the
	// ones rebuilt after each change, are compiled without debug
	// information.
	args := []string{"test", "-c", "-json", "-vet=off", "-gcflags=-dwarf=false", "-ldflags=-s -w",
		"-o", opts.OutDir + string(filepath.Separator), "-overlay=" + overlay}
	for _, r := range results {
		args = append(args, "./"+r.Dir)
	}
	runCtx, cancel := context.WithTimeout(ctx, buildLimit)
	defer cancel()
	cmd := exec.CommandContext(runCtx, opts.Go, args...)
	cmd.Dir = root
	cmd.Env = opts.Env
	setProcessGroup(cmd)
	var stderr cappedBuffer
	stderr.max = 16 << 10
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("the Go toolchain was not found (%q is not on PATH): install Go 1.25 or newer from go.dev/dl", opts.Go)
		}
		return nil, fmt.Errorf("starting go test: %w", err)
	}
	// A sweep after a test program must not take the go command for one
	// of its leftovers.
	addChild(cmd.Process.Pid)
	defer removeChild(cmd.Process.Pid)
	if opts.OnSlow != nil {
		t := time.AfterFunc(1500*time.Millisecond, opts.OnSlow)
		defer t.Stop()
	}
	b := &buildParser{root: root, byImport: map[string]*Result{}, lines: map[string][]string{}}
	for _, r := range results {
		b.byImport[r.ImportPath] = r
	}
	b.read(stdout, &stderr)
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if runCtx.Err() != nil {
		return nil, fmt.Errorf("building the checks took longer than %v", buildLimit)
	}
	b.finish()
	for _, r := range results {
		bin := filepath.Join(opts.OutDir, path.Base(r.Dir)+".test")
		switch {
		case r.BuildFailed:
			os.Remove(bin) // what is there was built from other code
		case isFile(bin):
			r.Binary = bin
			r.stamp = stampOf(bin)
		case b.anyFailed():
			b.blameShared(r)
		}
	}
	if waitErr != nil && !b.anyFailed() {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = waitErr.Error()
		}
		return nil, &EnvError{Msg: msg}
	}
	return results, nil
}

// module fills in the go command if it is not set, and returns the
// module's root, absolute, and its path.
func (opts *BuildOptions) module() (root, module string, err error) {
	if opts.Go == "" {
		opts.Go = "go"
	}
	if root, err = filepath.Abs(opts.Root); err != nil {
		return "", "", err
	}
	module, err = modulePath(root)
	return root, module, err
}

// EnvError is a go command that failed before compiling anything: its
// message names a problem of the module or the Go environment.
type EnvError struct{ Msg string }

func (e *EnvError) Error() string { return "go test could not run: " + e.Msg }

func newResults(module string, pkgs []Package) ([]*Result, error) {
	results := make([]*Result, len(pkgs))
	seen := map[string]bool{}
	for i, p := range pkgs {
		dir := filepath.ToSlash(filepath.Clean(filepath.FromSlash(p.Dir)))
		base := path.Base(dir)
		if seen[base] {
			return nil, fmt.Errorf("two packages named %s in one build", base)
		}
		seen[base] = true
		results[i] = &Result{Dir: dir, ImportPath: module + "/" + dir}
	}
	return results, nil
}

// removeIfNotProgram removes a file that should be a test program but is
// not one, which the go command would refuse to overwrite.
func removeIfNotProgram(p string) {
	f, err := os.Open(p)
	if err != nil {
		return
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	f.Close()
	for _, magic := range []string{"\x7fELF", "MZ", "\xfe\xed\xfa", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe"} {
		if bytes.HasPrefix(head[:n], []byte(magic)) {
			return
		}
	}
	os.Remove(p)
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// writeOverlay writes the -overlay file into OutDir.
func writeOverlay(root string, opts BuildOptions, pkgs []Package) (string, error) {
	replace := map[string]string{}
	add := func(target, src string) error {
		if src != "" {
			abs, err := filepath.Abs(src)
			if err != nil {
				return err
			}
			src = abs
		}
		replace[target] = src
		return nil
	}
	for _, p := range pkgs {
		for name, src := range p.Overlay {
			if err := add(filepath.Join(root, filepath.FromSlash(p.Dir), name), src); err != nil {
				return "", err
			}
		}
	}
	for rel, src := range opts.Overlay {
		if err := add(filepath.Join(root, filepath.FromSlash(rel)), src); err != nil {
			return "", err
		}
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return "", err
	}
	dir := opts.TempDir
	if dir == "" {
		dir = opts.OutDir
	}
	f, err := os.CreateTemp(dir, "overlay-*.json")
	if err != nil {
		return "", err
	}
	f.Close()
	p := f.Name()
	return p, os.WriteFile(p, data, 0o644)
}

// buildEvent is one line of go test -c -json: build events, and a "fail"
// event for each package whose test program could not be built, which
// names the package that failed (FailedBuild) even when no build event
// says which program it was for (a package that could not be loaded).
type buildEvent struct {
	Action      string
	ImportPath  string
	Output      string
	Package     string
	FailedBuild string
}

type buildParser struct {
	root     string
	byImport map[string]*Result
	lines    map[string][]string // compiler output by import path
	failed   map[string]bool
	// programFailed maps a package whose program did not build to the
	// package that failed.
	programFailed map[string]string
	other         []string // lines that were not events
}

func (b *buildParser) read(r io.Reader, stderr io.Writer) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev buildEvent
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			stderr.Write(append(bytes.Clone(line), '\n'))
			continue
		}
		ip := baseImport(ev.ImportPath)
		switch ev.Action {
		case "build-output":
			b.lines[ip] = append(b.lines[ip], strings.TrimRight(ev.Output, "\n"))
		case "build-fail":
			if b.failed == nil {
				b.failed = map[string]bool{}
			}
			b.failed[ev.ImportPath] = true
		case "fail":
			if ev.Package != "" && ev.FailedBuild != "" {
				if b.programFailed == nil {
					b.programFailed = map[string]string{}
				}
				b.programFailed[ev.Package] = ev.FailedBuild
			}
		}
	}
	io.Copy(io.Discard, r)
}

func (b *buildParser) anyFailed() bool { return len(b.failed) > 0 || len(b.programFailed) > 0 }

// finish gives each package that failed its compiler lines. A build-fail
// event names the package the test program was for, in brackets, when a
// dependency failed: "example.com/m/dep [example.com/m/p.test]".
func (b *buildParser) finish() {
	for ev := range b.failed {
		dep := baseImport(ev)
		owner := dep
		if i := strings.Index(ev, " ["); i >= 0 {
			owner = strings.TrimSuffix(strings.TrimSuffix(ev[i+2:], "]"), ".test")
		}
		r := b.byImport[strings.TrimSuffix(owner, "_test")]
		if r == nil {
			r = b.byImport[strings.TrimSuffix(dep, "_test")]
		}
		if r == nil || r.BuildFailed {
			continue
		}
		r.BuildFailed = true
		r.FailedImport = dep
		for _, l := range b.lines[dep] {
			if !strings.HasPrefix(l, "# ") {
				r.BuildOutput = append(r.BuildOutput, relativeLine(b.root, l))
			}
		}
	}
	// A package whose program the go command says it could not build has
	// failed, whether or not a build event was owned by it: a program left
	// at its path by an earlier build must never stand in for it.
	for pkg, failed := range b.programFailed {
		r := b.byImport[pkg]
		if r == nil || r.BuildFailed {
			continue
		}
		dep := baseImport(failed)
		r.BuildFailed = true
		r.FailedImport = dep
		for _, l := range b.lines[dep] {
			if !strings.HasPrefix(l, "# ") {
				r.BuildOutput = append(r.BuildOutput, relativeLine(b.root, l))
			}
		}
		if len(r.BuildOutput) == 0 {
			r.BuildOutput = []string{"the go command could not build " + dep}
		}
	}
}

// blameShared gives a package that was not built the errors of a failed
// package that no test program owns: a dependency they share, like core.
func (b *buildParser) blameShared(r *Result) {
	for ev := range b.failed {
		if strings.Contains(ev, " [") {
			continue
		}
		r.BuildFailed = true
		r.FailedImport = ev
		for _, l := range b.lines[ev] {
			if !strings.HasPrefix(l, "# ") {
				r.BuildOutput = append(r.BuildOutput, relativeLine(b.root, l))
			}
		}
		return
	}
}

func baseImport(ip string) string {
	if i := strings.Index(ip, " ["); i >= 0 {
		ip = ip[:i]
	}
	return strings.TrimSuffix(ip, ".test")
}

var posRE = regexp.MustCompile(`^(\S+?\.go)(:\d+(?::\d+)?:)`)

// relativeLine rewrites a compiler message's file name relative to root.
func relativeLine(root, l string) string {
	m := posRE.FindStringSubmatchIndex(l)
	if m == nil {
		return l
	}
	file := l[m[2]:m[3]]
	abs := file
	if !filepath.IsAbs(file) {
		abs = filepath.Join(root, file)
	}
	if rel, ok := relative(root, abs); ok {
		return rel + l[m[3]:]
	}
	return l
}

// cappedBuffer keeps the first max bytes written to it.
type cappedBuffer struct {
	bytes.Buffer
	max int
}

func (c *cappedBuffer) Write(b []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(b[:min(room, len(b))])
	}
	return len(b), nil
}
