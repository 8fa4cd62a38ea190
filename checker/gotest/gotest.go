// Package gotest runs "go test -json" on a set of packages, with files
// swapped in through -overlay, and collects what happened to each package and
// each test. It knows nothing about exercises: it reports facts, and the
// checker turns them into verdicts.
//
// A run is bounded. The test binaries get a -timeout, the whole go command
// runs in its own process group that is killed when the context ends or the
// output grows past a limit, and only a capped amount of output is kept.
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
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Package is one package to test.
type Package struct {
	// Dir is the package's folder, slash-separated, relative to Options.Root.
	Dir string
	// Tests are the test functions to run; an empty list runs none.
	Tests []string
	// Overlay maps a file name inside Dir to the file on disk that stands in
	// for it. An empty source deletes the file from the build.
	Overlay map[string]string
}

// Options configures a run.
type Options struct {
	Root      string        // the module root; go test runs there
	Go        string        // the go command; "go" when empty
	Timeout   time.Duration // go test -timeout for each test binary
	MaxOutput int           // bytes of output kept per package (head and tail)
	// FloodLimit stops the run when go test has written this many bytes:
	// packages still running are marked Flooded.
	FloodLimit int64
	Env        []string // extra environment, appended to os.Environ()
	TempDir    string   // where the overlay file is written; os.TempDir() when empty
	// Args are extra go test flags, placed before the packages.
	Args []string
	// OnPackage, if set, is called as each package finishes (from the
	// goroutine that called Run), for progress displays.
	OnPackage func(dir string)
}

// Defaults for zero Options fields.
const (
	DefaultTimeout    = 10 * time.Second
	DefaultMaxOutput  = 64 << 10
	DefaultFloodLimit = 64 << 20
	// buildAllowance is how long compiling may take on top of the test
	// binaries' timeouts before the whole run is killed.
	buildAllowance = 3 * time.Minute
)

// Result is what happened to one package.
type Result struct {
	Dir        string
	ImportPath string

	// BuildFailed is true when the package, its tests or one of its
	// dependencies did not compile. FailedImport names what failed and
	// BuildOutput holds the compiler's lines (paths relative to Root).
	BuildFailed  bool
	FailedImport string
	BuildOutput  []string

	Tests []*Test // in the order they started

	Action   string // the package's final action: pass, fail, skip, or "" if none came
	Output   string // output not tied to a test (head and tail, capped)
	Dropped  int    // bytes of output dropped by the cap
	Elapsed  time.Duration
	TimedOut bool   // the test binary hit its -timeout
	Running  string // the test that was running when it timed out
	Panic    string // the first "panic: ..." line, if the binary panicked
	Frames   []string
	Flooded  bool // killed because the output passed FloodLimit
	Killed   bool // killed because the context ended
}

// Test is what happened to one test function.
type Test struct {
	Name    string
	Action  string // pass, fail, skip, or "" when it never finished
	Output  []string
	Elapsed time.Duration
	dropped bool
}

// Test returns the result of the named test, or nil if it never ran.
func (r *Result) Test(name string) *Test {
	for _, t := range r.Tests {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Run tests pkgs in one go test invocation, so that they build in parallel
// and unchanged ones come from the test cache. It returns one Result per
// package, in the order given. The error is for failures of the run itself
// (no go command, a broken module), not for tests that fail.
func Run(ctx context.Context, opts Options, pkgs []Package) ([]*Result, error) {
	if len(pkgs) == 0 {
		return nil, nil
	}
	opts = withDefaults(opts)
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	module, err := modulePath(root)
	if err != nil {
		return nil, err
	}
	overlay, err := writeOverlay(root, opts.TempDir, pkgs)
	if err != nil {
		return nil, err
	}
	if overlay != "" {
		defer os.Remove(overlay)
	}

	results := make([]*Result, len(pkgs))
	byImport := map[string]*Result{}
	var testNames []string
	args := []string{"test", "-json", "-timeout=" + opts.Timeout.String()}
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	seenTest := map[string]bool{}
	for i, p := range pkgs {
		dir := filepath.ToSlash(filepath.Clean(filepath.FromSlash(p.Dir)))
		r := &Result{Dir: dir, ImportPath: module + "/" + dir}
		results[i] = r
		byImport[r.ImportPath] = r
		for _, t := range p.Tests {
			if !seenTest[t] {
				seenTest[t] = true
				testNames = append(testNames, regexp.QuoteMeta(t))
			}
		}
	}
	sort.Strings(testNames)
	run := "^$"
	if len(testNames) > 0 {
		run = "^(" + strings.Join(testNames, "|") + ")$"
	}
	args = append(args, "-run="+run)
	args = append(args, opts.Args...)
	for _, r := range results {
		args = append(args, "./"+r.Dir)
	}

	wall := buildAllowance + opts.Timeout*time.Duration(len(pkgs))
	runCtx, cancel := context.WithTimeout(ctx, wall)
	defer cancel()
	cmd := exec.CommandContext(runCtx, opts.Go, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), opts.Env...)
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
	p := &parser{root: root, module: module, byImport: byImport, maxOutput: opts.MaxOutput,
		builds: map[string][]string{}, onPackage: opts.OnPackage}
	flooded := p.read(stdout, opts.FloodLimit)
	if flooded {
		cancel()
	}
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	p.finish()

	switch {
	case flooded:
		for _, r := range results {
			if r.Action == "" && !r.BuildFailed {
				r.Flooded = true
			}
		}
	case runCtx.Err() != nil:
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, r := range results {
			if r.Action == "" && !r.BuildFailed {
				r.Killed = true
			}
		}
	case p.events == 0 && waitErr != nil:
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = waitErr.Error()
		}
		return nil, fmt.Errorf("go test could not run: %s", msg)
	}
	return results, nil
}

func withDefaults(o Options) Options {
	if o.Go == "" {
		o.Go = "go"
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxOutput <= 0 {
		o.MaxOutput = DefaultMaxOutput
	}
	if o.FloodLimit <= 0 {
		o.FloodLimit = DefaultFloodLimit
	}
	if o.Root == "" {
		o.Root = "."
	}
	return o
}

// modulePath reads the module line of root/go.mod.
func modulePath(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("reading go.mod: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok {
			if m := strings.Trim(strings.TrimSpace(rest), `"`); m != "" {
				return m, nil
			}
		}
	}
	return "", fmt.Errorf("%s has no module line", filepath.Join(root, "go.mod"))
}

// writeOverlay writes the -overlay file for pkgs, or returns "" if none
// replaces anything.
func writeOverlay(root, tempDir string, pkgs []Package) (string, error) {
	replace := map[string]string{}
	for _, p := range pkgs {
		for name, src := range p.Overlay {
			target := filepath.Join(root, filepath.FromSlash(p.Dir), name)
			if src != "" {
				abs, err := filepath.Abs(src)
				if err != nil {
					return "", err
				}
				src = abs
			}
			replace[target] = src
		}
	}
	if len(replace) == 0 {
		return "", nil
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	if tempDir != "" {
		if err := os.MkdirAll(tempDir, 0o755); err != nil {
			return "", err
		}
	}
	f, err := os.CreateTemp(tempDir, "overlay-*.json")
	if err != nil {
		return "", fmt.Errorf("writing the overlay file: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// event is one line of go test -json (see go doc test2json).
type event struct {
	Action      string
	Package     string
	ImportPath  string
	Test        string
	Output      string
	Elapsed     float64
	FailedBuild string
}

type parser struct {
	root, module string
	byImport     map[string]*Result
	maxOutput    int
	events       int
	builds       map[string][]string // compiler output by import path
	out          map[*Result]*headTail
	testBytes    map[*Test]int
	onPackage    func(dir string)
}

const maxLine = 1 << 20

// read consumes the event stream. It reports true if the stream passed
// limit bytes, in which case the caller stops the run.
func (p *parser) read(r io.Reader, limit int64) (flooded bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	var total int64
	for {
		line, err := readLine(br)
		total += int64(len(line)) + 1
		if len(line) > 0 {
			var ev event
			if json.Unmarshal(line, &ev) == nil {
				p.events++
				p.handle(&ev)
			}
		}
		if total > limit {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// readLine returns one line without its newline, cut to maxLine bytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

func baseImport(ip string) string {
	if i := strings.Index(ip, " ["); i >= 0 {
		ip = ip[:i]
	}
	return strings.TrimSuffix(ip, ".test")
}

func (p *parser) handle(ev *event) {
	switch ev.Action {
	case "build-output":
		ip := baseImport(ev.ImportPath)
		p.builds[ip] = append(p.builds[ip], strings.TrimRight(ev.Output, "\n"))
		return
	case "build-fail":
		return
	}
	r := p.byImport[ev.Package]
	if r == nil {
		return
	}
	if ev.Test == "" {
		switch ev.Action {
		case "pass", "fail", "skip":
			r.Action = ev.Action
			r.Elapsed = seconds(ev.Elapsed)
			if ev.FailedBuild != "" {
				r.BuildFailed = true
				r.FailedImport = baseImport(ev.FailedBuild)
			}
			if p.onPackage != nil {
				p.onPackage(r.Dir)
			}
		case "output":
			p.scan(r, ev.Output)
			p.keep(r, ev.Output)
		}
		return
	}
	t := r.Test(ev.Test)
	if t == nil {
		// Subtests are reported under their parent.
		parent, _, _ := strings.Cut(ev.Test, "/")
		if parent != ev.Test {
			if pt := r.Test(parent); pt != nil && ev.Action == "output" {
				p.scan(r, ev.Output)
				p.keepTest(pt, ev.Output)
			}
			return
		}
		t = &Test{Name: ev.Test}
		r.Tests = append(r.Tests, t)
	}
	switch ev.Action {
	case "pass", "fail", "skip":
		// With -count above 1 a test reports once per run: one failure
		// is enough to fail it.
		if t.Action != "fail" {
			t.Action = ev.Action
		}
		t.Elapsed += seconds(ev.Elapsed)
	case "output":
		p.scan(r, ev.Output)
		p.keepTest(t, ev.Output)
	}
}

var (
	timeoutRE = regexp.MustCompile(`^panic: test timed out after (\S+)`)
	runningRE = regexp.MustCompile(`^\s+(Test\S*) \(`)
	frameRE   = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)
)

// scan looks at every output line for the signs of a timeout or a panic,
// whether or not the line is kept.
func (p *parser) scan(r *Result, line string) {
	line = strings.TrimRight(line, "\n")
	switch {
	case timeoutRE.MatchString(line):
		r.TimedOut = true
		r.Panic = ""
	case r.TimedOut && r.Running == "" && runningRE.MatchString(line):
		r.Running = runningRE.FindStringSubmatch(line)[1]
	case !r.TimedOut && r.Panic == "" && strings.HasPrefix(line, "panic: "):
		r.Panic = strings.TrimPrefix(line, "panic: ")
	case (r.Panic != "" || r.TimedOut) && len(r.Frames) < 5:
		if m := frameRE.FindStringSubmatch(line); m != nil {
			if rel, ok := p.relative(m[1]); ok && !strings.Contains(rel, "zz_futurelings_") {
				r.Frames = append(r.Frames, rel+":"+m[2])
			}
		}
	}
}

// relative makes a path inside the module root relative to it.
func (p *parser) relative(path string) (string, bool) {
	rel, err := filepath.Rel(p.root, filepath.FromSlash(path))
	if err != nil || strings.HasPrefix(rel, "..") || filepath.IsAbs(rel) {
		return path, false
	}
	return filepath.ToSlash(rel), true
}

func (p *parser) keep(r *Result, s string) {
	if p.out == nil {
		p.out = map[*Result]*headTail{}
	}
	ht := p.out[r]
	if ht == nil {
		ht = &headTail{max: p.maxOutput}
		p.out[r] = ht
	}
	ht.write(s)
}

const maxTestOutput = 16 << 10

func (p *parser) keepTest(t *Test, s string) {
	if p.testBytes == nil {
		p.testBytes = map[*Test]int{}
	}
	if p.testBytes[t]+len(s) > maxTestOutput {
		if !t.dropped {
			t.dropped = true
			t.Output = append(t.Output, "... (more output cut)")
		}
		return
	}
	p.testBytes[t] += len(s)
	t.Output = append(t.Output, strings.TrimRight(s, "\n"))
}

// finish attaches compiler output to the packages whose build failed.
func (p *parser) finish() {
	for _, r := range p.byImport {
		if ht := p.out[r]; ht != nil {
			r.Output, r.Dropped = ht.String(), ht.dropped
		}
		if !r.BuildFailed {
			// A package whose build output was reported but which never got
			// a final event (killed) still shows what the compiler said.
			continue
		}
		lines := p.builds[r.FailedImport]
		if len(lines) == 0 {
			lines = p.builds[r.ImportPath]
		}
		for _, l := range lines {
			if strings.HasPrefix(l, "# ") {
				continue
			}
			r.BuildOutput = append(r.BuildOutput, p.relativeLine(l))
		}
	}
}

var posRE = regexp.MustCompile(`^(\S+?\.go)(:\d+(?::\d+)?:)`)

// relativeLine rewrites a compiler message's file name relative to the root.
func (p *parser) relativeLine(l string) string {
	m := posRE.FindStringSubmatchIndex(l)
	if m == nil {
		return l
	}
	file := l[m[2]:m[3]]
	abs := file
	if !filepath.IsAbs(file) {
		abs = filepath.Join(p.root, file)
	}
	if rel, ok := p.relative(abs); ok {
		return rel + l[m[3]:]
	}
	return l
}

func seconds(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// headTail keeps the first and last max/2 bytes written to it.
type headTail struct {
	max     int
	head    []byte
	tail    []byte
	dropped int
}

func (h *headTail) write(s string) {
	half := h.max / 2
	if len(h.head) < half {
		n := min(half-len(h.head), len(s))
		h.head = append(h.head, s[:n]...)
		s = s[n:]
	}
	if s == "" {
		return
	}
	h.tail = append(h.tail, s...)
	if over := len(h.tail) - half; over > 0 {
		h.dropped += over
		h.tail = append(h.tail[:0], h.tail[over:]...)
	}
}

func (h *headTail) String() string {
	if h.dropped == 0 {
		return string(h.head) + string(h.tail)
	}
	return fmt.Sprintf("%s\n... (%d bytes of output cut) ...\n%s", h.head, h.dropped, h.tail)
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
