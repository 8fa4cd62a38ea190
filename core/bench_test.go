package core_test

// The benchmarks behind the course's numbers: what a poll costs, and what a
// suspended task weighs, for a hand-written state machine and for the same
// logic written with Async. Run them with
//
//	go test -run '^$' -bench . -benchmem ./core/

import (
	"runtime"
	"testing"
	"time"

	"github.com/futurelings/futurelings/core"
)

// benchYield is YieldOnce for uint32: Pending (after a wake) on the first
// poll, Ready on the second.
type benchYield struct {
	v       uint32
	yielded bool
}

func (y *benchYield) Poll(cx *core.Context) core.Poll[uint32] {
	if !y.yielded {
		y.yielded = true
		cx.Waker().Wake()
		return core.Pending[uint32]()
	}
	return core.Ready(y.v)
}

// sealedAdd is add_slowly as the course has learners write it: a sealed
// interface with one struct per state, each holding only what it needs.
type sealedAdd struct{ state sealedState }

type sealedState interface{ sealed() }

type (
	addStart     struct{ a, b uint32 }
	addYieldingA struct {
		b   uint32
		fut *benchYield
	}
	addYieldingB struct {
		x   uint32
		fut *benchYield
	}
	addDone struct{}
)

func (addStart) sealed()     {}
func (addYieldingA) sealed() {}
func (addYieldingB) sealed() {}
func (addDone) sealed()      {}

func newSealedAdd(a, b uint32) core.Future[uint32] { return &sealedAdd{addStart{a, b}} }

func (f *sealedAdd) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.state.(type) {
		case addStart:
			f.state = addYieldingA{s.b, &benchYield{v: s.a}}
		case addYieldingA:
			x, ok := s.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = addYieldingB{x, &benchYield{v: s.b}}
		case addYieldingB:
			y, ok := s.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = addDone{}
			return core.Ready(s.x + y)
		default:
			panic("sealedAdd polled after completion")
		}
	}
}

// taggedAdd is the same machine with a tag field and the sub-future stored
// inline, as Rust lays out its enum: one allocation, no boxing per state.
type taggedAdd struct {
	state uint8
	x, b  uint32 // x holds a until the first yield is done
	fut   benchYield
}

func newTaggedAdd(a, b uint32) core.Future[uint32] { return &taggedAdd{x: a, b: b} }

func (f *taggedAdd) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch f.state {
		case 0:
			f.fut, f.state = benchYield{v: f.x}, 1
		case 1:
			x, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.x, f.fut, f.state = x, benchYield{v: f.b}, 2
		case 2:
			y, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = 3
			return core.Ready(f.x + y)
		default:
			panic("taggedAdd polled after completion")
		}
	}
}

func newAsyncAdd(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await[uint32](aw, &benchYield{v: a})
		y := core.Await[uint32](aw, &benchYield{v: b})
		return x + y
	})
}

var addStyles = []struct {
	name string
	make func(a, b uint32) core.Future[uint32]
}{
	{"hand-written", newSealedAdd},
	{"hand-written-tagged", newTaggedAdd},
	{"async", newAsyncAdd},
}

var benchSink uint32

// BenchmarkAddSlowly runs add_slowly to completion (three polls) per
// operation, creation included, and reports the cost of one poll.
func BenchmarkAddSlowly(b *testing.B) {
	for _, style := range addStyles {
		b.Run(style.name, func(b *testing.B) {
			cx := core.NewContext(core.NoopWaker())
			for i := 0; i < b.N; i++ {
				f := style.make(uint32(i), 1)
				f.Poll(cx)
				f.Poll(cx)
				benchSink += f.Poll(cx).Unwrap()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(3*b.N), "ns/poll")
		})
	}
}

// flipFlop is a hand-written two-state future that never finishes: it
// alternates between waiting on a yield and starting the next one.
type flipFlop struct {
	waiting bool
	fut     benchYield
}

func (f *flipFlop) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		if !f.waiting {
			f.fut, f.waiting = benchYield{v: 1}, true
		}
		if _, ok := f.fut.Poll(cx).Value(); !ok {
			return core.Pending[uint32]()
		}
		f.waiting = false
	}
}

// BenchmarkResume polls a future that is already running: each poll (one
// op) finishes one yield and suspends on the next, so it measures resuming a
// suspended task and nothing else.
func BenchmarkResume(b *testing.B) {
	styles := []struct {
		name string
		fut  func() core.Future[uint32]
	}{
		{"hand-written", func() core.Future[uint32] { return &flipFlop{} }},
		{"async", func() core.Future[uint32] {
			return core.Async(func(aw *core.Awaiter) uint32 {
				for {
					core.Await[uint32](aw, &benchYield{v: 1})
				}
			})
		}},
	}
	for _, style := range styles {
		b.Run(style.name, func(b *testing.B) {
			cx := core.NewContext(core.NoopWaker())
			f := style.fut()
			f.Poll(cx)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f.Poll(cx)
			}
			b.StopTimer()
			core.Drop(f)
		})
	}
}

// BenchmarkSuspendedTask measures the memory one suspended task holds. Each
// round starts tasksPerRound futures, polls each once so that it is
// suspended at its first await, and divides the growth of live heap plus
// goroutine stacks by the number of tasks; then it drops them all.
//
// The runtime keeps the descriptors of finished goroutines for reuse, so
// after the first round an Async task's goroutine descriptor (several
// hundred bytes) is recycled rather than allocated and does not show in
// B/task, which is then its stack and the heap objects Async allocates.
// B/task-cold is the first round this process ran, descriptors included:
// what the first 10,000 tasks of a program cost.
func BenchmarkSuspendedTask(b *testing.B) {
	const tasksPerRound = 10_000
	for _, style := range addStyles {
		b.Run(style.name, func(b *testing.B) {
			futs := make([]core.Future[uint32], tasksPerRound)
			cx := core.NewContext(core.NoopWaker())
			var bytes, allocs float64
			var spent time.Duration
			for i := 0; i < b.N; i++ {
				before := liveMemory()
				start := time.Now()
				for j := range futs {
					f := style.make(uint32(j), 1)
					if !f.Poll(cx).IsPending() {
						b.Fatal("a task was Ready on its first poll")
					}
					futs[j] = f
				}
				spent += time.Since(start)
				after := liveMemory()
				runtime.KeepAlive(futs)
				bytes += float64(after.bytes - before.bytes)
				if _, ok := coldBytes[style.name]; !ok {
					coldBytes[style.name] = float64(after.bytes-before.bytes) / tasksPerRound
				}
				allocs += float64(after.mallocs - before.mallocs)
				for j, f := range futs {
					core.Drop(f)
					futs[j] = nil
				}
			}
			n := float64(b.N) * tasksPerRound
			b.ReportMetric(bytes/n, "B/task")
			b.ReportMetric(coldBytes[style.name], "B/task-cold")
			b.ReportMetric(allocs/n, "allocs/task")
			b.ReportMetric(float64(spent.Nanoseconds())/n, "ns/task")
			// A round is mostly garbage collection for the measurement, so
			// the per-round figures say nothing; leave them out.
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(0, "B/op")
			b.ReportMetric(0, "allocs/op")
		})
	}
}

// coldBytes holds each style's B/task in the first round of this process.
var coldBytes = map[string]float64{}

type memory struct {
	bytes   int64 // live heap objects plus goroutine stacks
	mallocs int64
}

func liveMemory() memory {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{int64(ms.HeapAlloc + ms.StackInuse), int64(ms.Mallocs)}
}
