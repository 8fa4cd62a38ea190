package core

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// Step is what one poll of a future did, as seen by a [Recorder].
type Step[T any] struct {
	N      int     // the poll's number, from 1
	Result Poll[T] // what Poll returned (Pending if it panicked)
	Wakes  int     // how many times the waker was called during this poll
	// Before and After name the future's state around the poll, when the
	// future implements fmt.Stringer; otherwise both are empty.
	Before, After string
	// Panicked is true when the poll panicked; Panic holds the value, and
	// PanicAt where it was raised: the file and line of the innermost
	// frame outside Go's runtime and this package, with the file given
	// from its exercise's lesson folder ("exercises/1_futures/ready/
	// ready.go:12") when it is in one, otherwise by its base name.
	Panicked bool
	Panic    any
	PanicAt  string
}

// PanicText is what a panicked poll said, with where it said it:
// "boom (at exercises/1_futures/ready/ready.go:12)".
func (s Step[T]) PanicText() string {
	if s.PanicAt == "" {
		return fmt.Sprint(s.Panic)
	}
	return fmt.Sprintf("%v (at %s)", s.Panic, s.PanicAt)
}

// String describes the step on one line, for example
// "poll #2: YieldingA → YieldingB, Pending, woke 1×".
func (s Step[T]) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "poll #%d: ", s.N)
	if s.Before != "" || s.After != "" {
		if s.Before == s.After {
			fmt.Fprintf(&b, "%s, ", s.Before)
		} else {
			fmt.Fprintf(&b, "%s → %s, ", s.Before, s.After)
		}
	}
	if s.Panicked {
		fmt.Fprintf(&b, "panicked: %s", s.PanicText())
	} else {
		b.WriteString(s.Result.String())
	}
	switch s.Wakes {
	case 0:
		if s.Result.IsPending() && !s.Panicked {
			b.WriteString(", no wake")
		}
	case 1:
		b.WriteString(", woke 1×")
	default:
		fmt.Fprintf(&b, ", woke %d×", s.Wakes)
	}
	return b.String()
}

// Recorder polls a future one step at a time with a counting waker and keeps
// a record of every step. It never waits: the caller decides when to poll.
type Recorder[T any] struct {
	fut   Future[T]
	waker CountingWaker
	cx    *Context
	steps []Step[T]
	// LateWakes counts wakes that arrived between polls (from a waker kept
	// and called after Poll returned); they are not part of any step.
	LateWakes int
	seen      int // wakes accounted for so far
}

// NewRecorder returns a Recorder for f. Nothing is polled yet.
func NewRecorder[T any](f Future[T]) *Recorder[T] {
	r := &Recorder[T]{fut: f}
	r.cx = NewContext(&r.waker)
	return r
}

// Step polls the future once and records what happened. A panic in Poll is
// recovered and recorded in the step rather than propagated.
func (r *Recorder[T]) Step() (s Step[T]) {
	if n := r.waker.Count(); n > r.seen {
		r.LateWakes += n - r.seen
		r.seen = n
	}
	s.N = len(r.steps) + 1
	s.Before = stateName(r.fut)
	defer func() {
		if p := recover(); p != nil {
			s.Panicked, s.Panic, s.PanicAt = true, p, panicSite()
		}
		s.After = stateName(r.fut)
		n := r.waker.Count()
		s.Wakes, r.seen = n-r.seen, n
		r.steps = append(r.steps, s)
	}()
	s.Result = r.fut.Poll(r.cx)
	return s
}

// Run polls until the future is Ready, a poll panics, a Pending poll did not
// wake the waker, or max polls have been made. It returns the steps taken by
// this call; the last one says why it stopped.
func (r *Recorder[T]) Run(max int) []Step[T] {
	start := len(r.steps)
	for i := 0; i < max; i++ {
		s := r.Step()
		if s.Panicked || s.Result.IsReady() || s.Wakes == 0 {
			break
		}
	}
	return r.steps[start:]
}

// Steps returns every step recorded so far.
func (r *Recorder[T]) Steps() []Step[T] { return r.steps }

// Wakes returns the total number of wakes so far, late ones included.
func (r *Recorder[T]) Wakes() int { return r.waker.Count() }

// Trace formats the recorded steps one per line, like the lesson's diagram
// of the state transitions.
func (r *Recorder[T]) Trace() string {
	var b strings.Builder
	for _, s := range r.steps {
		b.WriteString(s.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// stateName asks a future for its state's name when it can tell it.
func stateName(f any) (name string) {
	s, ok := f.(fmt.Stringer)
	if !ok {
		return ""
	}
	defer func() {
		if recover() != nil {
			name = "?"
		}
	}()
	return s.String()
}

// corePkg is this package's import path, whose frames a panic's site skips.
var corePkg = reflect.TypeFor[Step[int]]().PkgPath()

// panicSite returns where the panic being recovered was raised, for a
// caller that is a deferred function: the first frame below runtime's
// panic machinery that is neither the runtime's nor this package's.
func panicSite() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	unwinding := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			unwinding = true
		case unwinding && !strings.HasPrefix(f.Function, "runtime.") &&
			!strings.HasPrefix(f.Function, corePkg+"."):
			return sitePath(f.File, f.Line)
		}
		if !more {
			return ""
		}
	}
}

// sitePath names a file by its place in the course when it lies in an
// exercise's folder (exercises/<lesson>/<name>/<file>), else by its base
// name.
func sitePath(file string, line int) string {
	parts := strings.Split(file, "/")
	if n := len(parts); n >= 4 && (parts[n-4] == "exercises" || parts[n-4] == "solutions") {
		return fmt.Sprintf("%s:%d", strings.Join(parts[n-4:], "/"), line)
	}
	return fmt.Sprintf("%s:%d", parts[len(parts)-1], line)
}
