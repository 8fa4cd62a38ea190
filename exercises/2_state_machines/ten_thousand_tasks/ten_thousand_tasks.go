// Package tenthousandtasks checks the lesson's memory claim by measuring it:
// how many bytes does one suspended task cost when it is written with
// core.Async, and how many when it is a hand-written state machine?
//
// # The claim
//
// The lesson compares 10,000 threads, each with a stack of its own, with
// 10,000 futures, each an enum of about 100 bytes. A stack has to be big
// enough for the deepest call the thread might make, so it is mostly empty;
// a state machine holds exactly the fields of its current state. In Rust the
// whole cost of a future is its size, std::mem::size_of_val(&fut), because
// the compiler turned every local variable into a field of the enum.
//
// # The same contrast in Go
//
// Go's goroutines are threads with small stacks: 2 KB to start with, grown
// and shrunk by the runtime, instead of the megabytes an operating system
// thread reserves. core.Async runs its body on a coroutine, which is a
// goroutine, so a suspended Async task keeps a goroutine stack alive, plus
// the runtime's bookkeeping for it. A hand-written state machine keeps only
// its fields.
//
// unsafe.Sizeof cannot show the difference: it sees the small struct that
// core.Async returns, not the stack that struct keeps alive elsewhere. So
// this exercise asks the runtime how much memory is in use, before and after
// making a lot of tasks.
//
// # Measuring memory in Go
//
// runtime.ReadMemStats fills a runtime.MemStats with the runtime's counters.
// Two of them matter here:
//
//   - HeapAlloc: the bytes of heap objects allocated and not yet freed. That
//     includes garbage the collector has not found yet, so call runtime.GC()
//     right before each reading.
//   - StackInuse: the bytes of goroutine stacks. A coroutine's stack is
//     counted here, not in HeapAlloc.
//
// Their sum is the memory held by live objects and stacks. Read it, make and
// suspend n tasks, read it again: the difference divided by n is the cost of
// one task. Use a large n (the checks use 10,000, as the lesson does) so that
// the few allocations made by anything else vanish in the average.
//
// # What to write
//
// BytesPerTask(n, newTask), in this order:
//
//  1. runtime.GC(), then runtime.ReadMemStats(&before).
//  2. Make n tasks with newTask and keep them in a slice.
//  3. Poll each task exactly once, with one context for all of them, for
//     example core.NewContext(core.NoopWaker()). A future does nothing until
//     it is polled: an Async task starts its coroutine on its first poll and
//     stops at its Await, suspended. Do not poll it again: a finished task
//     has let go of its state.
//  4. runtime.GC(), then runtime.ReadMemStats(&after), while the slice is
//     still in use, so that the collector cannot free the tasks before you
//     have counted them (runtime.KeepAlive(tasks) after the reading says so
//     explicitly).
//  5. Drop every task with core.Drop. A suspended Async task keeps its
//     goroutine until it is dropped or collected. Rust drops a future when it
//     goes out of scope; Go's collector would only get to it at some later
//     collection, so do it yourself.
//  6. Return (HeapAlloc + StackInuse after) minus (HeapAlloc + StackInuse
//     before), divided by n, as a float64. The counters are uint64: convert
//     before you subtract, in case the heap shrank.
//
// MeasureAsync and MeasureStateMachines are given: they run BytesPerTask on
// the two kinds of task in tasks.go. On a 64-bit Linux machine a suspended
// Async task costs about 3 KB (4.5 KB when the runtime has decided to start
// goroutines with 4 KB stacks), and a state machine about 32 bytes: the
// 12-byte struct, which the allocator rounds up to 16, and its slot in the
// slice. The checks compare your figures with a measurement of their own and
// expect the state machines to come out at least 20 times smaller.
package tenthousandtasks

import (
	"github.com/futurelings/futurelings/core"
)

// BytesPerTask makes n tasks with newTask, polls each once so that it is
// suspended at its first await, and returns how many bytes of memory (heap
// and stacks) each suspended task holds on average. It drops the tasks
// before it returns.
func BytesPerTask(n int, newTask func() core.Future[uint32]) float64 {
	// TODO: measure, following the steps in the package comment. As
	// shipped, nothing is made or measured.
	return 0
}

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
