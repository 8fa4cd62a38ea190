package watch

import (
	"slices"
	"testing"
	"time"
)

func TestDebouncerMergesABurst(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	d := newDebouncer(50 * time.Millisecond)

	// vim: rename the file away, create it again, write it.
	for i, path := range []string{"/ex/a.go", "/ex/a.go", "/ex/b.go", "/ex/a.go"} {
		wait := d.add(path, ms(i*10))
		if wait != 50*time.Millisecond {
			t.Errorf("event %d: wait %v, want 50ms (the timer restarts with every event)", i, wait)
		}
	}
	if files, ok := d.due(ms(60)); ok {
		t.Fatalf("due 30ms after the last event: got %v, want nothing yet", files)
	}
	files, ok := d.due(ms(80))
	if !ok {
		t.Fatal("not due 50ms after the last event")
	}
	if want := []string{"a.go", "b.go"}; !slices.Equal(files, want) {
		t.Errorf("files = %v, want %v (each once, in order)", files, want)
	}
	if files, ok := d.due(ms(1000)); ok {
		t.Errorf("due again with nothing new: %v", files)
	}
}

func TestDebouncerBoundsAnEndlessBurst(t *testing.T) {
	t0 := time.Now()
	d := newDebouncer(10 * time.Millisecond) // longest: 200ms
	var now time.Time
	for i := 0; ; i++ {
		now = t0.Add(time.Duration(i*5) * time.Millisecond)
		if _, ok := d.due(now); ok {
			break
		}
		if i > 100 {
			t.Fatal("an event every 5ms held the check back for over 500ms")
		}
		d.add("/ex/a.go", now)
	}
	if got := now.Sub(t0); got != 200*time.Millisecond {
		t.Errorf("the endless burst became due after %v, want 200ms (20 × the quiet time)", got)
	}
}

func TestDebouncerLostEventsStillCount(t *testing.T) {
	t0 := time.Now()
	d := newDebouncer(0)
	if got := d.add("", t0); got != DefaultDebounce {
		t.Errorf("wait = %v, want DefaultDebounce", got)
	}
	files, ok := d.due(t0.Add(DefaultDebounce))
	if !ok || len(files) != 0 {
		t.Errorf("due = %v, %v; want a burst without file names", files, ok)
	}
}

func TestDebouncerReset(t *testing.T) {
	t0 := time.Now()
	d := newDebouncer(time.Millisecond)
	d.add("/ex/a.go", t0)
	d.reset()
	if d.pending() {
		t.Fatal("pending after reset")
	}
	if files, ok := d.due(t0.Add(time.Hour)); ok {
		t.Errorf("due after reset: %v", files)
	}
}

func TestDescribeChange(t *testing.T) {
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{nil, "after a change"},
		{[]string{"a.go"}, "after a change to a.go"},
		{[]string{"a.go", "b.go"}, "after changes to a.go and b.go"},
		{[]string{"a.go", "b.go", "c.go"}, "after changes to a.go, b.go and c.go"},
	} {
		if got := describeChange(tc.files); got != tc.want {
			t.Errorf("describeChange(%q) = %q, want %q", tc.files, got, tc.want)
		}
	}
}
