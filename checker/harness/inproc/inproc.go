// Package inproc is the part of the checks that runs inside the test
// program, in the same process as the learner's code. futurelings lays it
// over every check as the package <module>/0 and the checks report through
// it; it is kept here as ordinary Go so that it is compiled and tested with
// the rest of the project.
//
// It takes a per-run key before any learner code runs and signs every
// result with it, so that a pass can only come from the checks themselves:
// printing "--- PASS", rewriting the output, exiting early or calling
// Report from learner code gives nothing futurelings accepts.
//
// Why the key is taken first: Go initialises packages one at a time, each
// time the first package, in import-path order, whose imports are all
// initialised. This package imports only syscall, runtime and unsafe and
// sits at <module>/0, the smallest path a folder of the module can have
// (futurelings refuses a check whose code imports a package of the module
// with a smaller path, one in a folder named ".x", or from another module),
// so no package of the learner's that could read the key is initialised
// before it. Then, on Linux, it shuts the process in (see sandbox), so that
// the key cannot be read out of its memory through /proc either. Only
// deliberate attacks on the process's memory from inside it (unsafe, an
// unsafe.Pointer from reflect, a heap dump, raw system calls, go:linkname,
// assembly) or on the toolchain and module cache get round that.
//
// It imports nothing else, so SHA-256 and HMAC are written out here.
package inproc

import (
	"runtime"
	"syscall"
)

var (
	key     []byte // the run's key; nil when futurelings did not start us
	testPkg string // the import path of the checks' package
	out     = -1   // where records go
	sealed  bool   // Done has been called
	reports = map[string]int{}
)

func init() {
	msg := takeKey()
	defer wipe(msg)
	// The message is "<hex key> <checks' package path> <records file>";
	// the file's path may hold spaces.
	i := indexByte(msg, ' ')
	if i < 0 {
		return
	}
	j := indexByte(msg[i+1:], ' ')
	if j < 0 {
		return
	}
	hexKey, pkg, records := msg[:i], string(msg[i+1:i+1+j]), trimEOL(string(msg[i+2+j:]))
	k, ok := unhex(hexKey)
	if !ok || len(k) != 32 {
		wipe(k)
		return
	}
	fd, err := openRecords(records)
	if err != nil {
		wipe(k)
		return
	}
	sandbox()
	key, testPkg, out = k, pkg, fd
	write("start")
}

// wipe zeroes b, so that a copy of the key does not linger in memory.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func indexByte(b []byte, c byte) int {
	for i := range b {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// Report records how one check ended. Only the wrapper futurelings
// generates around each check may call it; a call from anywhere else is
// recorded as tampering, which fails the exercise.
func Report(test string, passed, skipped bool) {
	if !calledFrom(testPkg + ".flHarnessRun.func1") {
		write("tamper " + quote(test))
		return
	}
	status := "fail"
	switch {
	case passed:
		status = "pass"
	case skipped:
		status = "skip"
	}
	reports[test]++
	write("test " + quote(test) + " " + status)
}

// Done records the exit code the test framework chose, from TestMain.
func Done(code int) {
	if !calledFrom(testPkg+".TestMain") || sealed {
		write("tamper Done")
		return
	}
	sealed = true
	write("done " + itoa(code))
}

// calledFrom reports whether the caller of our caller is the function fn.
func calledFrom(fn string) bool {
	if key == nil {
		return false
	}
	pcs := make([]uintptr, 4)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	f, _ := frames.Next()
	return f.Function == fn
}

// write appends one signed record: the text, a space, and its HMAC.
func write(rec string) {
	if key == nil || out < 0 {
		return
	}
	line := rec + " " + hexString(hmacSHA256(key, []byte(rec))) + "\n"
	b := []byte(line)
	for len(b) > 0 {
		n, err := syscall.Write(fdOf(out), b)
		if err != nil || n <= 0 {
			return
		}
		b = b[n:]
	}
}

func trimEOL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// quote makes a test name safe inside a record: no spaces or newlines.
func quote(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == '%' || c >= 0x7f {
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

const hexDigits = "0123456789abcdef"

func hexString(b []byte) string {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexDigits[c>>4], hexDigits[c&15]
	}
	return string(out)
}

func unhex(s []byte) ([]byte, bool) {
	if len(s)%2 != 0 {
		return nil, false
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		hi, ok1 := hexVal(s[2*i])
		lo, ok2 := hexVal(s[2*i+1])
		if !ok1 || !ok2 {
			return nil, false
		}
		out[i] = hi<<4 | lo
	}
	return out, true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
