// Package tenthousandtasks: a solution that reads the runtime/metrics
// package instead of runtime.MemStats. Heap objects and goroutine stacks are
// two of its memory classes, the same quantities as HeapAlloc and
// StackInuse.
package tenthousandtasks

import (
	"runtime"
	"runtime/metrics"

	"github.com/futurelings/futurelings/core"
)

var inUse = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/stacks:bytes",
}

// held collects garbage and returns the bytes held by live heap objects and
// goroutine stacks.
func held() uint64 {
	runtime.GC()
	samples := make([]metrics.Sample, len(inUse))
	for i, name := range inUse {
		samples[i].Name = name
	}
	metrics.Read(samples)
	var total uint64
	for _, s := range samples {
		total += s.Value.Uint64()
	}
	return total
}

func BytesPerTask(n int, newTask func() core.Future[uint32]) float64 {
	tasks := make([]core.Future[uint32], n)
	before := held()
	cx := core.NewContext(core.NoopWaker())
	for i := range tasks {
		tasks[i] = newTask()
		tasks[i].Poll(cx)
	}
	after := held()
	for i, t := range tasks {
		core.Drop(t)
		tasks[i] = nil
	}
	return (float64(after) - float64(before)) / float64(n)
}

func MeasureAsync(n int) float64 {
	return BytesPerTask(n, NewAsyncTask)
}

func MeasureStateMachines(n int) float64 {
	return BytesPerTask(n, NewStateMachineTask)
}
