// Package tenthousandtasks: a correct measurement in another style.
package tenthousandtasks

import (
	"runtime"

	"github.com/futurelings/futurelings/core"
)

// BytesPerTask measures with a reading func and a generic helper that makes
// and suspends the tasks.
func BytesPerTask(n int, newTask func() core.Future[uint32]) float64 {
	reading := func() float64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc) + float64(m.StackInuse)
	}
	before := reading()
	tasks := suspend(n, newTask, core.NewContext(nil))
	after := reading()
	defer func() {
		for _, t := range tasks {
			core.Drop(t)
		}
	}()
	return (after - before) / float64(len(tasks))
}

func suspend[F core.Future[uint32]](n int, make func() F, cx *core.Context) []F {
	out := makeAll(n, make)
	for _, f := range out {
		f.Poll(cx)
	}
	return out
}

func makeAll[F any](n int, mk func() F) []F {
	out := make([]F, 0, n)
	for range n {
		out = append(out, mk())
	}
	return out
}

// MeasureAsync and MeasureStateMachines are given: they run BytesPerTask on
// the two kinds of task in tasks.go. On 64-bit Linux a suspended Async task
// costs about 3 KB (about 4.5 KB once the runtime starts new goroutines with
// 4 KB stacks; more on Windows, where stacks start at 8 KB), and a state
// machine about 32 bytes: the 12-byte struct, which the allocator rounds up
// to 16, and its slot in the slice. The checks compare your figures with a measurement of their own and
// expect the state machines to come out at least 20 times smaller.

// MeasureAsync returns the bytes held by each of n suspended core.Async
// tasks. (Given.)
func MeasureAsync(n int) float64 {
	return BytesPerTask(n, NewAsyncTask)
}

// MeasureStateMachines returns the bytes held by each of n suspended
// hand-written state machines. (Given.)
func MeasureStateMachines(n int) float64 {
	return BytesPerTask(n, NewStateMachineTask)
}
