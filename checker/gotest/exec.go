package gotest

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// ExecOptions configures one run of a test program.
type ExecOptions struct {
	Root    string   // the workspace root: frames are reported relative to it
	WorkDir string   // the program's working folder
	Args    []string // its flags
	Env     []string // its whole environment
	// ExtraFiles are passed on as descriptors 3, 4, ... (not on Windows).
	ExtraFiles []*os.File
	// Timeout is the program's time limit. Past it futurelings asks the
	// program for a stack dump, and soon after kills it and every process
	// it started.
	Timeout    time.Duration
	MaxOutput  int   // bytes of output kept (head and tail)
	FloodLimit int64 // output past this many bytes stops the program
	// Marker is put into the program's environment as FUTURELINGS_RUN, so
	// that processes it leaves behind can be found and stopped.
	Marker string
}

// Grace periods past the time limit: the test framework's own timeout
// panic comes first; then a stack dump is asked for; then the kill.
const (
	dumpAfter = 500 * time.Millisecond
	killAfter = 1500 * time.Millisecond
)

// Exec runs the test program r.Binary and records in r what happened.
// Whatever the program does, Exec returns within the time limit plus a
// couple of seconds, and leaves none of its processes running (see
// sweep for what each platform allows).
func Exec(ctx context.Context, opts ExecOptions, r *Result) {
	opts.setDefaults()
	if r.stamp == "" || stampOf(r.Binary) != r.stamp {
		r.StartErr = ErrChanged
		return
	}
	cmd, out, err := startProgram(r.Binary, opts)
	if err != nil {
		r.StartErr = err
		return
	}
	defer out.Close()
	start := time.Now()
	addChild(cmd.Process.Pid)

	p := newOutputParser(opts.Root, r, opts.MaxOutput)
	flood := make(chan struct{})
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		if readOutput(out, p, opts.FloodLimit) {
			close(flood)
		}
	}()
	// Until readDone the reader owns r; what supervise learns is kept in
	// ending and added to r after that.
	e := supervise(ctx, cmd, opts.Timeout, flood)
	r.Elapsed = time.Since(start)

	// The program is gone; whatever it started goes too, and then the
	// output pipe closes.
	killGroup(cmd)
	removeChild(cmd.Process.Pid)
	sweep(opts.Marker, cmd.Process.Pid, start)
	select {
	case <-readDone:
	case <-time.After(2 * time.Second):
		out.Close()
		<-readDone
	}
	p.finish()
	e.record(r, cmd.ProcessState)
}

func (o *ExecOptions) setDefaults() {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxOutput <= 0 {
		o.MaxOutput = DefaultMaxOutput
	}
	if o.FloodLimit <= 0 {
		o.FloodLimit = DefaultFloodLimit
	}
}

// startProgram starts the test program in a process group of its own,
// with both output streams on one pipe, whose reading end it returns.
func startProgram(binary string, opts ExecOptions) (*exec.Cmd, *os.File, error) {
	cmd := exec.Command(binary, opts.Args...)
	cmd.Dir = opts.WorkDir
	cmd.Env = append(append([]string{}, opts.Env...), "FUTURELINGS_RUN="+opts.Marker)
	cmd.ExtraFiles = opts.ExtraFiles
	setTestProcessGroup(cmd)
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	adoptOrphans()
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		return nil, nil, err
	}
	return cmd, pr, nil
}

// ending is how a program's run ended, as its supervisor saw it.
type ending struct {
	waitErr                   error
	timedOut, flooded, killed bool
}

// supervise waits for the program to exit, stopping it on a flood of
// output, when ctx ends, or past its time limit: first a stack dump is
// asked for, then the whole group is killed.
func supervise(ctx context.Context, cmd *exec.Cmd, timeout time.Duration, flood <-chan struct{}) ending {
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	dump := time.NewTimer(timeout + dumpAfter)
	kill := time.NewTimer(timeout + killAfter)
	defer dump.Stop()
	defer kill.Stop()
	done := ctx.Done()
	var e ending
	for {
		select {
		case e.waitErr = <-exited:
			return e
		case <-flood:
			e.flooded = true
			killGroup(cmd)
			flood = nil
		case <-done:
			e.killed = true
			killGroup(cmd)
			done = nil
		case <-dump.C:
			e.timedOut = true
			askForDump(cmd)
		case <-kill.C:
			e.timedOut = true
			killGroup(cmd)
		}
	}
}

// record adds to r what the supervisor saw and how the process ended.
func (e ending) record(r *Result, ps *os.ProcessState) {
	r.TimedOut = r.TimedOut || e.timedOut
	r.Flooded, r.Killed = e.flooded, e.killed
	r.ExitCode = ps.ExitCode()
	r.Signal = exitSignal(ps)
	var ee *exec.ExitError
	if e.waitErr != nil && !errors.As(e.waitErr, &ee) {
		r.StartErr = e.waitErr
	}
}

// ErrChanged means a test program changed between its build and its run:
// only a program run in between can have done that.
var ErrChanged = errors.New("the checks' program was changed after it was built")

// readOutput feeds the parser line by line until the output ends, or
// until it passes limit bytes, when it reports true and stops reading:
// the caller then stops the program, so nothing is left blocked on the
// full pipe for long.
func readOutput(r io.Reader, p *outputParser, limit int64) (flooded bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	var total int64
	for {
		line, err := readLine(br)
		total += int64(len(line)) + 1
		if !flooded {
			p.line(string(line))
			if total > limit {
				flooded = true
				return true
			}
		}
		if err != nil {
			return flooded
		}
	}
}

const maxLine = 1 << 20

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
		if len(buf) > 0 && buf[len(buf)-1] == '\n' {
			buf = buf[:len(buf)-1]
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\r' {
			buf = buf[:len(buf)-1]
		}
		return buf, err
	}
}

// children are the test programs running now, so that a sweep after one
// of them never touches another (the project's own tests run several at
// once).
var children struct {
	sync.Mutex
	live map[int]bool
}

func addChild(pid int) {
	children.Lock()
	defer children.Unlock()
	if children.live == nil {
		children.live = map[int]bool{}
	}
	children.live[pid] = true
}

func removeChild(pid int) {
	children.Lock()
	defer children.Unlock()
	delete(children.live, pid)
}

func isLiveChild(pid int) bool {
	children.Lock()
	defer children.Unlock()
	return children.live[pid]
}
