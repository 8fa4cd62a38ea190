// Package tenthousandtasks: a correct measurement in another style.
package tenthousandtasks

import (
	"runtime"

	"github.com/futurelings/futurelings/core"
)

// BytesPerTask subtracts in int64, which is as safe as float64 for any heap
// this size, and keeps the tasks alive by using them after the reading.
func BytesPerTask(n int, newTask func() core.Future[uint32]) float64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := int64(m.HeapAlloc + m.StackInuse)
	tasks := make([]core.Future[uint32], n)
	cx := core.NewContext(core.NoopWaker())
	for i := range tasks {
		tasks[i] = newTask()
		_ = tasks[i].Poll(cx)
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	after := int64(m.HeapAlloc + m.StackInuse)
	for i := range tasks {
		core.Drop(tasks[i])
		tasks[i] = nil
	}
	return float64(after-before) / float64(n)
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
