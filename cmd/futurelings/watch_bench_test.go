//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// BenchmarkWatch measures what "futurelings watch" costs a learner: the
// time from saving an exercise to its verdict on the screen, beside the
// toolchain's floor, the raw "go test" of the same package after the same
// kind of change; then, with nothing changing, its CPU use and memory.
//
//	go test -run '^$' -bench Watch ./cmd/futurelings/
//
// It runs the real binary in a pseudo-terminal on a workspace of its own,
// and saves the ready exercise at least 10 times (more with -benchtime Nx),
// each time with a real code change, alternating between two wrong bodies,
// so that neither side is served from a cache. The raw go test runs on a
// second workspace after each save's verdict, so the two never overlap.
//
// Metrics: watch-ms and gotest-ms (medians), overhead-ms (their
// difference), idle-cpu-ms (CPU time used over 5 s with nothing changing)
// and rss-MB (resident memory then; Linux only, from /proc).
func BenchmarkWatch(b *testing.B) {
	bin, ws, env := benchWorkspace(b)
	env = append(env, "TERM=xterm")
	const name = "ready"
	rel := filepath.Join(exerciseDir(b, ws, name), "ready.go")
	shipped, err := os.ReadFile(filepath.Join(ws, rel))
	if err != nil {
		b.Fatal(err)
	}
	bodies := [][]byte{shipped, watchBadBody(b, name, "ready.go")}

	// The floor's workspace: the same course, its hidden files in place.
	raw := filepath.Join(b.TempDir(), "raw")
	if err := os.Mkdir(raw, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := copyWorkspace(raw); err != nil {
		b.Fatal(err)
	}
	timeCmd(b, raw, env, bin, "run", name) // writes the hidden files, warms the cache
	args := slices.DeleteFunc(rawArgs(b, raw, name), func(a string) bool { return a == "-json" })

	change := 0
	edit := func(dir string, i int) {
		// A change the compiler cannot ignore: a value an init function
		// uses, so the test binary differs every time.
		change++
		src := fmt.Sprintf("%s\nvar benchChange = %d\n\nfunc init() { benchChange++ }\n", bodies[i%2], change)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}

	s := startBenchWatch(b, bin, ws, env)
	verdicts := 1
	s.waitVerdicts(verdicts)

	var watchTimes, rawTimes []time.Duration
	b.ResetTimer()
	for i := 0; i < max(b.N, 10); i++ {
		edit(ws, i)
		saved := time.Now()
		verdicts++
		watchTimes = append(watchTimes, s.waitVerdicts(verdicts).Sub(saved))

		edit(raw, i)
		rawTimes = append(rawTimes, timeCmd(b, raw, env, "go", args...))
	}
	b.StopTimer()

	mw, mr := median(watchTimes), median(rawTimes)
	b.ReportMetric(float64(mw.Milliseconds()), "watch-ms")
	b.ReportMetric(float64(mr.Milliseconds()), "gotest-ms")
	b.ReportMetric(float64((mw - mr).Milliseconds()), "overhead-ms")
	b.ReportMetric(0, "ns/op")
	b.Logf("save to verdict over %d saves: median %v; raw go test: median %v; overhead %v", len(watchTimes), mw, mr, mw-mr)
	b.Logf("save to verdict: %v", watchTimes)
	b.Logf("raw go test:     %v", rawTimes)

	if cpu, rss, ok := idleCost(s.cmd.Process.Pid, 5*time.Second); ok {
		b.ReportMetric(float64(cpu.Milliseconds()), "idle-cpu-ms")
		b.ReportMetric(float64(rss)/(1<<20), "rss-MB")
		b.Logf("idle for 5s: %v of CPU, resident memory %.1f MB", cpu, float64(rss)/(1<<20))
	}
	s.ptmx.Write([]byte("q"))
	s.cmd.Wait()
}

// watchBadBody is the file of one of the exercise's wrong variants.
func watchBadBody(b *testing.B, exercise, file string) []byte {
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "checker", "hidden", "testdata", exercise, "variants", "bad_*"))
	for _, d := range dirs {
		if data, err := os.ReadFile(filepath.Join(d, file)); err == nil {
			return data
		}
	}
	b.Fatalf("no wrong variant of %s has a %s", exercise, file)
	return nil
}

type benchWatch struct {
	b    *testing.B
	cmd  *exec.Cmd
	ptmx *os.File

	mu    sync.Mutex
	cond  *sync.Cond
	out   bytes.Buffer
	times []time.Time // when each verdict appeared
}

var benchVerdictRE = regexp.MustCompile(`(?m)^[✓✗] ready: `)

func startBenchWatch(b *testing.B, bin, ws string, env []string) *benchWatch {
	ptmx, tty, err := pty.Open()
	if err != nil {
		b.Skipf("no pseudo-terminal: %v", err)
	}
	pty.Setsize(ptmx, &pty.Winsize{Rows: 60, Cols: 200})
	s := &benchWatch{b: b, ptmx: ptmx}
	s.cond = sync.NewCond(&s.mu)
	s.cmd = exec.Command(bin, "watch")
	s.cmd.Dir, s.cmd.Env = ws, env
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = tty, tty, tty
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := s.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	tty.Close()
	b.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		ptmx.Close()
	})
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			now := time.Now()
			s.mu.Lock()
			s.out.Write(buf[:n])
			text := strings.ReplaceAll(s.out.String(), "\r\n", "\n")
			for len(s.times) < len(benchVerdictRE.FindAllStringIndex(text, -1)) {
				s.times = append(s.times, now)
			}
			s.cond.Broadcast()
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return s
}

// waitVerdicts waits for the n-th verdict and returns when it appeared.
func (s *benchWatch) waitVerdicts(n int) time.Time {
	timer := time.AfterFunc(2*time.Minute, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.times = append(s.times, time.Time{}) // wakes the wait to fail it
		s.cond.Broadcast()
	})
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.times) < n {
		s.cond.Wait()
	}
	if t := s.times[n-1]; !t.IsZero() {
		return t
	}
	s.b.Fatalf("no verdict #%d within 2 minutes; output:\n%s", n, s.out.String())
	return time.Time{}
}

// idleCost waits a second for the process to settle, then measures the
// CPU time it uses over d and its resident memory at the end, from /proc.
func idleCost(pid int, d time.Duration) (cpu time.Duration, rss int64, ok bool) {
	time.Sleep(time.Second)
	start, ok1 := cpuTime(pid)
	time.Sleep(d)
	end, ok2 := cpuTime(pid)
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if !ok1 || !ok2 || err != nil {
		return 0, 0, false
	}
	m := regexp.MustCompile(`VmRSS:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		return 0, 0, false
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return end - start, kb << 10, true
}

// cpuTime is the user and system time of a process, from /proc/PID/stat,
// in clock ticks of 10 ms (USER_HZ is 100 on every Linux platform).
func cpuTime(pid int) (time.Duration, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, true
}
