package core

import (
	"sort"
	"sync"
	"time"
)

// Clock tells the time and runs a function later, the two things a future
// that waits for time needs. [SystemClock] is the real one; a
// [ManualClock] only moves when told to, so a test can say exactly when a
// timer fires, without sleeping.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// AfterFunc arranges for f to run on its own goroutine once d has
	// passed, and returns a Timer that can cancel it.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending call of a function scheduled by [Clock.AfterFunc].
type Timer interface {
	// Stop cancels the call. It reports whether it did: false means the
	// function has already been started (or the timer was stopped before).
	Stop() bool
}

// SystemClock returns the clock of the real world: [time.Now] and
// [time.AfterFunc].
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time                            { return time.Now() }
func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// ManualClock is a [Clock] whose time stands still until [ManualClock.Advance]
// or [ManualClock.AdvanceToNext] moves it. Timers fire only then: each due
// function runs on a goroutine of its own, as with [time.AfterFunc], and the
// call that moved the clock returns once every function it fired has
// returned. So a test knows that a timer has fired, and that whatever it
// did is done, when Advance returns, and it never has to sleep.
//
// A timer set for a duration of zero or less is due at once, but it too
// fires only when the clock is next moved, never inside AfterFunc: its
// caller may hold a lock that the function needs.
//
// The zero ManualClock is not usable; make one with [NewManualClock]. All
// methods are safe to call from several goroutines, and from inside a
// timer's function.
type ManualClock struct {
	mu     sync.Mutex
	start  time.Time
	now    time.Time
	timers []*manualTimer // set and not yet fired or stopped
	seq    int            // orders timers that are due at the same instant
}

// manualTimer is one AfterFunc of a ManualClock.
type manualTimer struct {
	clock *ManualClock
	when  time.Time
	seq   int
	f     func()
}

// ManualClockStart is the time a [NewManualClock] starts at.
var ManualClockStart = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// NewManualClock returns a ManualClock set to [ManualClockStart], with no
// timers.
func NewManualClock() *ManualClock {
	return &ManualClock{start: ManualClockStart, now: ManualClockStart}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Elapsed returns how far the clock has been moved since it was made.
func (c *ManualClock) Elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now.Sub(c.start)
}

// AfterFunc schedules f to run once the clock has been moved d past the
// current time. It never runs f itself.
func (c *ManualClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &manualTimer{clock: c, when: c.now.Add(d), seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	return t
}

// Stop cancels the timer if it has not fired yet.
func (t *manualTimer) Stop() bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, u := range c.timers {
		if u == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// Timers returns how many timers are set and have neither fired nor been
// stopped.
func (c *ManualClock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Advance moves the clock forward by d, firing in order every timer that
// falls due on the way, those set by the fired functions included. Each
// function runs on a new goroutine, and Advance waits for it to return
// before it fires the next one. A function that panics makes Advance panic
// with the same value, on the caller's goroutine.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(d)
	c.mu.Unlock()
	for c.fireNext(target) {
	}
	c.mu.Lock()
	if target.After(c.now) {
		c.now = target
	}
	c.mu.Unlock()
}

// AdvanceToNext moves the clock to the time the earliest timer is due and
// fires every timer due then, as [ManualClock.Advance] does. It reports
// false, and leaves the time alone, when no timer is set: then nothing the
// clock holds can ever fire.
func (c *ManualClock) AdvanceToNext() bool {
	c.mu.Lock()
	if len(c.timers) == 0 {
		c.mu.Unlock()
		return false
	}
	c.sortTimers()
	target := c.timers[0].when
	if target.Before(c.now) {
		target = c.now
	}
	c.mu.Unlock()
	c.Advance(target.Sub(c.Now()))
	return true
}

// fireNext fires the earliest timer due at or before target, if there is
// one, and reports whether it did.
func (c *ManualClock) fireNext(target time.Time) bool {
	c.mu.Lock()
	c.sortTimers()
	if len(c.timers) == 0 || c.timers[0].when.After(target) {
		c.mu.Unlock()
		return false
	}
	t := c.timers[0]
	c.timers = c.timers[1:]
	if t.when.After(c.now) {
		c.now = t.when
	}
	c.mu.Unlock()

	panicked := make(chan any, 1)
	go func() {
		ok := false
		defer func() {
			if !ok {
				panicked <- recover()
			}
		}()
		t.f()
		ok = true
		panicked <- nil
	}()
	if p := <-panicked; p != nil {
		panic(p)
	}
	return true
}

// sortTimers puts the timers in the order they fire. c.mu must be held.
func (c *ManualClock) sortTimers() {
	sort.Slice(c.timers, func(i, j int) bool {
		a, b := c.timers[i], c.timers[j]
		if !a.when.Equal(b.when) {
			return a.when.Before(b.when)
		}
		return a.seq < b.seq
	})
}
