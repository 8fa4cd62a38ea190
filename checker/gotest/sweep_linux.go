package gotest

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

var adoptOnce sync.Once

// adoptOrphans makes this process a child subreaper: a process that a test
// program started and left behind, even one in a session of its own, then
// becomes our child instead of init's, where sweep can find it.
func adoptOrphans() {
	adoptOnce.Do(func() { unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) })
}

// sweep stops and reaps every process the test program pid left behind:
// our children (adopted or not) that carry the run's marker, that are in
// the program's process group, or that left our process group after the
// program started. Processes of another test program running at the same
// time are left alone.
func sweep(marker string, pid int, start time.Time) {
	self := os.Getpid()
	ourGroup := syscall.Getpgrp()
	deadline := time.Now().Add(time.Second)
	for {
		found := false
		for _, c := range childrenOf(self) {
			if isLiveChild(c.pid) || (c.pgid != pid && isLiveChild(c.pgid)) {
				continue
			}
			ours := c.pgid == pid || c.state == 'Z' ||
				hasMarker(c.pid, marker) ||
				(c.pgid != ourGroup && c.started(start))
			if !ours {
				continue
			}
			found = true
			syscall.Kill(c.pid, syscall.SIGKILL)
			var ws syscall.WaitStatus
			syscall.Wait4(c.pid, &ws, syscall.WNOHANG, nil)
		}
		if !found || time.Now().After(deadline) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type proc struct {
	pid, pgid int
	state     byte
	startTick uint64
}

var bootTime = func() time.Time {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "btime "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return time.Unix(n, 0)
		}
	}
	return time.Time{}
}()

// started reports whether the process started after t (to a clock tick).
func (p proc) started(t time.Time) bool {
	if bootTime.IsZero() {
		return true
	}
	const ticks = 100 // USER_HZ
	at := bootTime.Add(time.Duration(p.startTick) * time.Second / ticks)
	return at.After(t.Add(-2 * time.Second))
}

// childrenOf lists the processes whose parent is ppid.
func childrenOf(ppid int) []proc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name is in parentheses and may hold anything.
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(data[i+1:]))
		if len(f) < 20 {
			continue
		}
		parent, _ := strconv.Atoi(f[1])
		if parent != ppid {
			continue
		}
		pgid, _ := strconv.Atoi(f[2])
		tick, _ := strconv.ParseUint(f[19], 10, 64)
		out = append(out, proc{pid: pid, pgid: pgid, state: f[0][0], startTick: tick})
	}
	return out
}

func hasMarker(pid int, marker string) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		return false
	}
	return bytes.Contains(data, []byte("FUTURELINGS_RUN="+marker+"\x00"))
}
