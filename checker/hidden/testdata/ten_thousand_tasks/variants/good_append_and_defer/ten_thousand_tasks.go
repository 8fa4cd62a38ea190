// Package tenthousandtasks: a solution that grows the slice of tasks with
// append, polls each with a context of its own, and drops them in a defer.
package tenthousandtasks

import (
	"runtime"

	"github.com/futurelings/futurelings/core"
)

func inUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc) + int64(m.StackInuse)
}

func BytesPerTask(n int, newTask func() core.Future[uint32]) (perTask float64) {
	var tasks []core.Future[uint32]
	defer func() {
		for _, t := range tasks {
			core.Drop(t)
		}
	}()
	start := inUse()
	for range n {
		t := newTask()
		t.Poll(core.NewContext(core.WakerFunc(func() {})))
		tasks = append(tasks, t)
	}
	end := inUse()
	runtime.KeepAlive(tasks)
	return float64(end-start) / float64(n)
}

func MeasureAsync(n int) float64 {
	return BytesPerTask(n, NewAsyncTask)
}

func MeasureStateMachines(n int) float64 {
	return BytesPerTask(n, NewStateMachineTask)
}
