package core_test

import (
	"strings"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
)

func TestManualClockFiresInOrder(t *testing.T) {
	c := core.NewManualClock()
	var got []string
	add := func(d time.Duration, name string) {
		c.AfterFunc(d, func() { got = append(got, name+"@"+c.Elapsed().String()) })
	}
	add(30*time.Millisecond, "c")
	add(10*time.Millisecond, "a")
	add(10*time.Millisecond, "b") // same instant: in the order set
	// A timer set by a fired function fires in the same Advance when due.
	c.AfterFunc(5*time.Millisecond, func() { add(0, "now") })
	c.Advance(time.Second)
	want := "now@5ms a@10ms b@10ms c@30ms"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("fired %q, want %q", g, want)
	}
	if c.Elapsed() != time.Second || c.Timers() != 0 {
		t.Errorf("elapsed %v with %d timers, want 1s and 0", c.Elapsed(), c.Timers())
	}
}

func TestManualClockNeverFiresInsideAfterFunc(t *testing.T) {
	c := core.NewManualClock()
	fired := false
	c.AfterFunc(0, func() { fired = true })
	if fired {
		t.Fatal("a timer due at once fired inside AfterFunc")
	}
	if !c.AdvanceToNext() || !fired || c.Elapsed() != 0 {
		t.Fatalf("AdvanceToNext: fired %v at %v, want a fire at 0s", fired, c.Elapsed())
	}
}

func TestManualClockRunsTimersOnAnotherGoroutine(t *testing.T) {
	c := core.NewManualClock()
	block := make(chan struct{})
	c.AfterFunc(time.Millisecond, func() { <-block })
	// The function blocks until this goroutine unblocks it: only a
	// separate goroutine lets Advance get here.
	go func() { block <- struct{}{} }()
	c.Advance(time.Millisecond)
}

func TestManualClockStopAndPanic(t *testing.T) {
	c := core.NewManualClock()
	tm := c.AfterFunc(time.Millisecond, func() { t.Error("a stopped timer fired") })
	if !tm.Stop() || tm.Stop() {
		t.Error("Stop: want true once, then false")
	}
	c.Advance(time.Second)

	c.AfterFunc(time.Millisecond, func() { panic("boom") })
	defer func() {
		if p := recover(); p != "boom" {
			t.Errorf("Advance panicked with %v, want the timer's panic", p)
		}
	}()
	c.Advance(time.Second)
}

func TestSystemClockFires(t *testing.T) {
	c := core.SystemClock()
	done := make(chan struct{})
	c.AfterFunc(time.Millisecond, func() { close(done) })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a 1ms timer of the system clock had not fired after 10s")
	}
	if c.Now().IsZero() {
		t.Error("Now is zero")
	}
}
