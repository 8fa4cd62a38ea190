// Package tenthousandtasks checks the lesson's memory claim by measuring it:
// how many bytes does one suspended task cost when it is written with
// core.Async, and how many when it is a hand-written state machine?
//
// # The claim
//
// The lesson compares 10,000 threads, each with a stack of its own, with
// 10,000 futures, each an enum of about 100 bytes: 80 GB against 1 MB. Both
// sides of that need a closer look.
//
// A thread's 8 MB stack is address space that the system reserves, not
// memory it fills: a page of it becomes resident only when the thread first
// touches it, and an idle thread touches very little. On the machine this
// course was written on (Linux, x86-64), a C program that started 1,000 idle
// threads with the default 8 MiB stack saw its address space (VmSize in
// /proc/self/status) grow by 8 MiB per thread, and its resident memory
// (VmRSS) by about 8 KiB per thread (the program is
// checker/rustref/testdata/idle_threads.c in the course's repository). The kernel keeps a little more per
// thread that VmRSS does not show, such as a kernel stack of its own. So
// 10,000 idle threads reserve 80 GB of address space but fill about 80 MB of
// it, plus the kernel's share; the real costs of threads are that reservation (a 32-bit process runs out of
// address space after a few hundred of them), the kernel's bookkeeping, and
// stacks that stay as deep as they once grew. You can measure it yourself:
// start threads that block, and compare VmRSS before and after (on macOS,
// ps -o rss; on Windows, the working set in Task Manager).
//
// A future, in Rust, is a value, and std::mem::size_of_val(&fut) reports its
// size: the sub-future it is waiting on, the local variables that are still
// alive across an .await (a local used only between two awaits lives on the
// stack of whoever polls, not in the future), and, in rustc 1.95, the async
// fn's arguments, kept in every state. It leaves out what the future owns on
// the heap (the buffer of a String or a Vec, what a Box points to), and what
// the executor adds to each task it spawns, usually in the same allocation:
// tokio, for one, puts a header in front of the future (the task's state
// and reference count, its link in the run queue) and a trailer behind it
// (its place in the list of all tasks, and the waker of whoever awaits its
// result). So size_of_val is where the cost of a task starts, not all of it.
//
// For this exercise's task, one_await awaiting the lesson's YieldOnce (whose
// value is an Option<u32>), rustc 1.95 prints on a 64-bit target
// (RUSTC_BOOTSTRAP=1 rustc --edition 2021 -Zprint-type-sizes):
//
//	print-type-size type: `{async fn body of task_option()}`: 16 bytes, alignment: 4 bytes
//	print-type-size     discriminant: 1 bytes
//	print-type-size     variant `Unresumed`: 0 bytes
//	print-type-size     variant `Suspend0`: 12 bytes
//	print-type-size         local `.__awaitee`: 12 bytes, offset: 0 bytes, alignment: 4 bytes, type: YieldOnce<u32>
//	print-type-size     variant `Returned`: 0 bytes
//	print-type-size     variant `Panicked`: 0 bytes
//	print-type-size     end padding: 3 bytes
//
// One state per place the body can be: not started (Unresumed), stopped at
// the .await (Suspend0, holding the YieldOnce it awaits), finished
// (Returned), and Panicked, for a body that panicked and must not be resumed.
// The hand-written task, your OneAwait from future_sizes, has the same
// states but Panicked. Its YieldOnce of a uint32 and a bool or two takes
// 8 bytes where the lesson's is 12 (tasks.go), and with a byte for its tag
// the whole task comes to 12.
//
// # The same contrast in Go
//
// Go's goroutines play the part of threads, but the runtime runs them on a
// few OS threads of its own and gives each a small stack that it grows and
// shrinks: a new goroutine starts with 2 KB of stack on Linux and macOS and
// 8 KB on Windows (the runtime sets aside room there for the system's own
// use), and since Go 1.19 the runtime may start them bigger
// when the goroutines it saw so far needed more. core.Async runs its body on
// a coroutine, which is a goroutine, so a suspended Async task keeps a
// goroutine stack alive, plus the runtime's bookkeeping for it. A
// hand-written state machine keeps only its fields.
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
// the two kinds of task in tasks.go. On 64-bit Linux a suspended Async task
// costs about 3 KB (about 4.5 KB once the runtime starts new goroutines with
// 4 KB stacks; more on Windows, where stacks start at 8 KB), and a state
// machine about 32 bytes: the struct (12 bytes, or 16 with a word for its
// tag), which the allocator rounds up to 16, and its slot in the slice. The
// checks compare your figures with a measurement of their own and expect the
// state machines to come out at least 20 times smaller.
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
	return BytesPerTask(n, NewAsyncTask)
}

// MeasureStateMachines returns the bytes held by each of n suspended
// hand-written state machines. (Given.)
func MeasureStateMachines(n int) float64 {
	return BytesPerTask(n, NewStateMachineTask)
}
