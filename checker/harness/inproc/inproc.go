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
// initialised. This package imports only syscall and runtime and sits at
// <module>/0, the smallest path a folder of the module can have, so no
// package of the learner's that could read the key is initialised before it.
// Only deliberate attacks on the process itself (unsafe, go:linkname,
// assembly, cgo, a modified toolchain or module cache) get round that.
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
	if msg == "" {
		return
	}
	// The message is "<hex key> <checks' package path> <records file>";
	// the file's path may hold spaces.
	f := fields(msg)
	if len(f) < 3 {
		return
	}
	f[2] = trimEOL(msg[len(f[0])+len(f[1])+2:])
	k, ok := unhex(f[0])
	if !ok || len(k) != 32 {
		return
	}
	fd, err := openRecords(f[2])
	if err != nil {
		return
	}
	key, testPkg, out = k, f[1], fd
	write("start")
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

func fields(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\n' || s[i] == '\r' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
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

func unhex(s string) ([]byte, bool) {
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
