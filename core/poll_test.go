package core_test

import (
	"errors"
	"testing"

	"github.com/futurelings/futurelings/core"
)

type point struct{ X, Y int }

type color int

func (c color) String() string { return [...]string{"red", "green"}[c] }

type named struct{ name string }

func (n *named) String() string { return "named " + n.name }

type label string

func TestPollReadyCarriesTheValue(t *testing.T) {
	t.Run("int", func(t *testing.T) { checkReady(t, 5) })
	t.Run("zero int", func(t *testing.T) { checkReady(t, 0) })
	t.Run("string", func(t *testing.T) { checkReady(t, "done") })
	t.Run("empty string", func(t *testing.T) { checkReady(t, "") })
	t.Run("struct", func(t *testing.T) { checkReady(t, point{1, 2}) })
	t.Run("pointer", func(t *testing.T) { checkReady(t, &point{3, 4}) })
	t.Run("nil error", func(t *testing.T) { checkReady[error](t, nil) })
}

func checkReady[T comparable](t *testing.T, v T) {
	t.Helper()
	p := core.Ready(v)
	if !p.IsReady() || p.IsPending() {
		t.Errorf("Ready(%v): IsReady()=%v IsPending()=%v, want true, false", v, p.IsReady(), p.IsPending())
	}
	if got, ok := p.Value(); !ok || got != v {
		t.Errorf("Ready(%v).Value() = %v, %v; want %v, true", v, got, ok, v)
	}
	if got := p.Unwrap(); got != v {
		t.Errorf("Ready(%v).Unwrap() = %v, want %v", v, got, v)
	}
}

func TestPollPendingHasNoValue(t *testing.T) {
	for name, p := range map[string]core.Poll[int]{
		"Pending[int]()": core.Pending[int](),
		"zero Poll":      {},
	} {
		if p.IsReady() || !p.IsPending() {
			t.Errorf("%s: IsReady()=%v IsPending()=%v, want false, true", name, p.IsReady(), p.IsPending())
		}
		if got, ok := p.Value(); ok || got != 0 {
			t.Errorf("%s.Value() = %v, %v; want 0, false", name, got, ok)
		}
	}
	if got, ok := core.Pending[string]().Value(); ok || got != "" {
		t.Errorf(`Pending[string]().Value() = %q, %v; want "", false`, got, ok)
	}
}

func TestPollUnwrapPanicsOnPending(t *testing.T) {
	wantPanic(t, "Pending[int]().Unwrap()", func() { core.Pending[int]().Unwrap() },
		"Unwrap", "Pending", "IsReady")
}

func TestPollString(t *testing.T) {
	var nilNamed *named
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"Ready int", core.Ready(5).String(), "Ready(5)"},
		{"Ready negative", core.Ready(-7).String(), "Ready(-7)"},
		{"Ready uint32", core.Ready(uint32(4294967295)).String(), "Ready(4294967295)"},
		{"Ready bool", core.Ready(true).String(), "Ready(true)"},
		{"Ready string", core.Ready("hi").String(), `Ready("hi")`},
		{"Ready empty string", core.Ready("").String(), `Ready("")`},
		{"Ready string with quote", core.Ready(`say "hi"`).String(), `Ready("say \"hi\"")`},
		{"Ready named string type", core.Ready(label("x")).String(), `Ready("x")`},
		{"Ready struct", core.Ready(point{1, 2}).String(), "Ready({X:1 Y:2})"},
		{"Ready Stringer", core.Ready(color(1)).String(), "Ready(green)"},
		{"Ready pointer Stringer", core.Ready(&named{"n"}).String(), "Ready(named n)"},
		{"Ready nil pointer Stringer", core.Ready(nilNamed).String(), "Ready(<nil>)"},
		{"Ready error", core.Ready(errors.New("boom")).String(), "Ready(boom)"},
		{"Ready nil error", core.Ready[error](nil).String(), "Ready(<nil>)"},
		{"Ready slice", core.Ready([]int{1, 2}).String(), "Ready([1 2])"},
		{"Pending int", core.Pending[int]().String(), "Pending"},
		{"Pending string", core.Pending[string]().String(), "Pending"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: String() = %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestFutureFuncPollsTheFunction(t *testing.T) {
	var got *core.Context
	cx := core.NewContext(nil)
	f := core.FutureFunc[int](func(c *core.Context) core.Poll[int] {
		got = c
		return core.Ready(9)
	})
	if p := f.Poll(cx); p.String() != "Ready(9)" {
		t.Errorf("FutureFunc poll returned %v, want Ready(9)", p)
	}
	if got != cx {
		t.Errorf("FutureFunc got context %p, want the one passed to Poll (%p)", got, cx)
	}
}

func TestContextCarriesItsWaker(t *testing.T) {
	var w core.CountingWaker
	cx := core.NewContext(&w)
	cx.Waker().Wake()
	cx.Waker().Wake()
	if got := w.Count(); got != 2 {
		t.Errorf("after two wakes through the context, the waker counted %d, want 2", got)
	}

	calls := 0
	core.NewContext(core.WakerFunc(func() { calls++ })).Waker().Wake()
	if calls != 1 {
		t.Errorf("a WakerFunc was called %d times by one Wake, want 1", calls)
	}

	// A nil waker becomes one that does nothing, so Wake is always safe.
	core.NewContext(nil).Waker().Wake()
	core.NoopWaker().Wake()
}

func TestCountingWakerIsSafeAcrossGoroutines(t *testing.T) {
	var w core.CountingWaker
	done := make(chan struct{})
	const goroutines, each = 4, 250
	for range goroutines {
		go func() {
			for range each {
				w.Wake()
			}
			done <- struct{}{}
		}()
	}
	for range goroutines {
		<-done
	}
	if got := w.Count(); got != goroutines*each {
		t.Errorf("CountingWaker counted %d wakes, want %d", got, goroutines*each)
	}
}
