// Package tenthousandtasks, wrong: the given MeasureAsync and
// MeasureStateMachines are changed to measure a hundredth of the tasks.
package tenthousandtasks

import (
	"runtime"

	"github.com/futurelings/futurelings/core"
)

// BytesPerTask makes n tasks with newTask, polls each once so that it is
// suspended at its first await, and returns how many bytes of memory (heap
// and stacks) each suspended task holds on average. It drops the tasks
// before it returns.
func BytesPerTask(n int, newTask func() core.Future[uint32]) float64 {
	cx := core.NewContext(core.NoopWaker())
	var before, after runtime.MemStats

	runtime.GC()
	runtime.ReadMemStats(&before)

	tasks := make([]core.Future[uint32], n)
	for i := range tasks {
		tasks[i] = newTask()
		tasks[i].Poll(cx) // Pending: suspended at its await
	}

	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(tasks)

	for _, t := range tasks {
		core.Drop(t)
	}

	held := float64(after.HeapAlloc+after.StackInuse) - float64(before.HeapAlloc+before.StackInuse)
	return held / float64(n)
}

// MeasureAsync returns the bytes held by each of n suspended core.Async
// tasks. (Given.)
func MeasureAsync(n int) float64 {
	return BytesPerTask(n/100, NewAsyncTask)
}

// MeasureStateMachines returns the bytes held by each of n suspended
// hand-written state machines. (Given.)
func MeasureStateMachines(n int) float64 {
	return BytesPerTask(n/100, NewStateMachineTask)
}
