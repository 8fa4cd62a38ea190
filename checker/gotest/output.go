package gotest

import (
	"fmt"
	"regexp"
	"strings"
)

// The test framework, run with -test.v=test2json, starts each line it
// writes itself with this byte, so that its own lines can be told from
// the program's. The program can print the byte too: what the output says
// about a test is only ever used for its messages, never for its status.
const frameMarker = '\x16'

// outputParser reads a test program's output line by line: which test each
// line belongs to, and the signs of a panic, a fatal error or a timeout.
type outputParser struct {
	root      string
	r         *Result
	cur       *Test
	out       headTail
	maxOutput int
	lastFunc  string // the function line of the stack frame being read
}

const maxTestOutput = 16 << 10

func newOutputParser(root string, r *Result, maxOutput int) *outputParser {
	return &outputParser{root: root, r: r, maxOutput: maxOutput, out: headTail{max: maxOutput}}
}

func (p *outputParser) line(l string) {
	p.scan(l)
	if trimmed := strings.TrimLeft(l, " "); len(trimmed) > 0 && trimmed[0] == frameMarker {
		p.frame(trimmed[1:])
		return
	}
	if p.cur != nil {
		p.keepTest(p.cur, l)
		return
	}
	p.out.write(l + "\n")
}

var (
	runRE    = regexp.MustCompile(`^=== (RUN|PAUSE|CONT|NAME)\s+(\S+)`)
	resultRE = regexp.MustCompile(`^\s*--- (PASS|FAIL|SKIP): (\S+) \(([\d.]+)s\)`)
)

// frame handles one of the test framework's own lines.
func (p *outputParser) frame(l string) {
	if m := runRE.FindStringSubmatch(l); m != nil {
		p.cur = p.test(m[2])
		return
	}
	if m := resultRE.FindStringSubmatch(l); m != nil {
		name := m[2]
		t := p.test(name)
		if !strings.Contains(name, "/") {
			// With -count above 1 a test reports once per run: one
			// failure is enough to fail it.
			if t.Action != "fail" {
				t.Action = strings.ToLower(m[1])
			}
			var secs float64
			fmt.Sscanf(m[3], "%g", &secs)
			t.Elapsed += seconds(secs)
		}
		p.cur = t
		return
	}
	switch strings.TrimSpace(l) {
	case "PASS", "FAIL":
		p.r.Ended = true
		p.cur = nil
	}
}

// test returns the top-level test a name belongs to: subtests report under
// their parent.
func (p *outputParser) test(name string) *Test {
	top, _, _ := strings.Cut(name, "/")
	if t := p.r.Test(top); t != nil {
		return t
	}
	t := &Test{Name: top}
	p.r.Tests = append(p.r.Tests, t)
	return t
}

func (p *outputParser) keepTest(t *Test, s string) {
	if t.bytes+len(s) > maxTestOutput {
		if !t.dropped {
			t.dropped = true
			t.Output = append(t.Output, "... (more output cut)")
		}
		return
	}
	t.bytes += len(s)
	t.Output = append(t.Output, s)
}

var (
	timeoutRE = regexp.MustCompile(`^panic: test timed out after (\S+)`)
	runningRE = regexp.MustCompile(`^\s+(Test\S*) \(`)
	frameRE   = regexp.MustCompile(`^\s+(\S+\.go):(\d+)`)
	funcRE    = regexp.MustCompile(`^(\S+)\(.*\)$`)
)

// scan looks at every line for the signs of a timeout, a panic or a fatal
// error, and for where in the learner's code it happened.
func (p *outputParser) scan(line string) {
	r := p.r
	switch {
	case timeoutRE.MatchString(line):
		r.TimedOut = true
		r.Panic = ""
		r.Frames, r.InInit = nil, false
	case strings.HasPrefix(line, "SIGQUIT: quit"):
		// futurelings asked for this dump of a program past its limit.
		r.TimedOut = true
		r.Panic = ""
		r.Frames, r.InInit = nil, false
	case r.TimedOut && r.Running == "" && runningRE.MatchString(line):
		r.Running = runningRE.FindStringSubmatch(line)[1]
	case strings.HasPrefix(line, "fatal error: ") && r.Fatal == "":
		r.Fatal = strings.TrimPrefix(line, "fatal error: ")
		r.Panic = ""
		r.Frames, r.InInit = nil, false
	case strings.HasPrefix(line, "runtime: goroutine stack exceeds") && r.Fatal == "":
		r.Fatal = "stack overflow"
	case !r.TimedOut && r.Panic == "" && r.Fatal == "" && strings.HasPrefix(line, "panic: "):
		r.Panic = strings.TrimPrefix(line, "panic: ")
	case (r.Panic != "" || r.TimedOut || r.Fatal != "") && len(r.Frames) < 5:
		p.frameLine(line)
	}
}

// frameLine keeps a stack frame in the learner's code: a file inside the
// workspace that is not one of the checks' own. The function line before a
// frame says whether it is an init.
func (p *outputParser) frameLine(line string) {
	if m := funcRE.FindStringSubmatch(line); m != nil && !strings.HasPrefix(line, "\t") {
		p.lastFunc = m[1]
		return
	}
	m := frameRE.FindStringSubmatch(line)
	if m == nil {
		return
	}
	rel, ok := relative(p.root, m[1])
	if !ok || strings.Contains(rel, "zz_futurelings_") || strings.HasPrefix(rel, "0/") {
		return
	}
	if len(p.r.Frames) == 0 && isInit(p.lastFunc) {
		p.r.InInit = true
	}
	if n := len(p.r.Frames); n > 0 && strings.HasPrefix(p.r.Frames[n-1], rel+" (in ") {
		return // the same call as the frame above, not inlined
	}
	pos := rel + ":" + m[2]
	if m[2] == "1" {
		// No code runs on a file's first line (its package clause or a
		// comment), yet Go names it for code stuck in an empty "for {}":
		// the file is right, the line is not, and the function says more.
		pos = fmt.Sprintf("%s (in %s)", rel, funcName(p.lastFunc))
	}
	p.r.Frames = append(p.r.Frames, pos)
}

// funcName is a function of a stack frame as its source names it:
// "(*YieldOnce[...]).Poll", or "an init function".
func funcName(fn string) string {
	fn = fn[strings.LastIndex(fn, "/")+1:]
	_, fn, _ = strings.Cut(fn, ".") // the package
	if initNameRE.MatchString(fn) {
		return "an init function"
	}
	return fn
}

var initNameRE = regexp.MustCompile(`^init(\.\d+)?$`)

var initRE = regexp.MustCompile(`\.init(\.\d+)?(\.func\d+)*$|\.init\.\d+$`)

func isInit(fn string) bool { return initRE.MatchString(fn) }

func (p *outputParser) finish() {
	p.r.Output, p.r.Dropped = p.out.String(), p.out.dropped
}

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
