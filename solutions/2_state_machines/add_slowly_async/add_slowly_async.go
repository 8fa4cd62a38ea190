// Package addslowlyasync writes add_slowly a second time, now the way you
// would write it in Rust, as sequential code with awaits, and puts it beside
// your hand-written state machine from the add_slowly exercise to show that
// both are the same future.
//
// # Async and Await
//
// Go has no async fn, but the course's core package has a stand-in:
// core.Async wraps a function body into a future, and inside that body
// core.Await(aw, fut) waits for another future and returns its value.
//
//	Rust                                 Go
//	async fn f(..) -> T { body }         core.Async(func(aw *core.Awaiter) T { body })
//	let v = fut.await;                   v := core.Await(aw, fut)
//
// The body reads top to bottom like ordinary code, yet it runs in slices.
// When an Await finds its future Pending, the whole Async future returns
// Pending to whoever polled it, and the body stays suspended right there,
// in the middle of the Await call. The next poll resumes it at that same
// spot and polls the awaited future again. So every Await of a future that
// is not yet finished is a suspension point, exactly like a .await in Rust
// and exactly like one state of the hand-written AddSlowly.
//
// What keeps x alive between the first suspension and the addition? In the
// hand-written version, the field X of YieldingB. Here, the body's own local
// variable: core.Async runs the body on a coroutine (see iter.Pull) whose
// stack survives between polls. That is the trade the course measures later:
// the coroutine is convenient but costs a whole goroutine stack, while the
// state machine keeps only its fields.
//
// # Rust starts from a coroutine too
//
// rustc's first step with an async fn is much like core.Async: it turns the
// body into a coroutine, and each .await into a loop that polls the awaited
// future and yields on Pending. RUSTC_BOOTSTRAP=1 rustc --edition 2021
// -Zunpretty=hir prints that step; for add_slowly it shows, trimmed,
//
//	async fn add_slowly(a: u32, b: u32) -> |mut _task_context: ResumeTy| {
//	    let a = a;
//	    let b = b;
//	    let x = match into_future(yield_once(a)) {
//	        mut __awaitee => loop {
//	            match unsafe { poll(new_unchecked(&mut __awaitee), get_context(_task_context)) } {
//	                Ready { 0: result } => break result,
//	                Pending {} => { }
//	            }
//	            _task_context = (yield ());
//	        },
//	    };
//	    let y = /* the same loop around yield_once(b) */;
//	    x + y
//	}
//
// The yield () is where your Await suspends. The difference comes next: Go
// keeps the suspended coroutine's stack, while rustc turns the coroutine into
// a state machine whose variants hold only the locals alive at each yield.
// Nearly only: the let a = a; let b = b; lines move the arguments into
// locals, and rustc 1.95 keeps the arguments in every state and b once more
// while it waits for a (rust-lang/rust#62958), which is why its add_slowly
// future is 32 bytes where the lesson's ideal needs 20.
//
// # What to write
//
// The body of AddSlowlyAsync: await a YieldOnce of a, then await a YieldOnce
// of b, and return the sum. The checks poll it side by side with
// NewAddSlowly for many inputs and expect the same thing from both on every
// poll: Pending with one wake, Pending with one wake, then Ready(a + b). Use
// your own YieldOnce from the yield_once exercise (yieldonce.NewYieldOnce);
// do not hand back your hand-written AddSlowly: the point is to see the
// coroutine do its work.
//
// futurelings trace add_slowly_async polls your future, then the
// hand-written one, and prints each poll: the same Pending, Pending, Ready,
// but only the hand-written machine has states and fields to show. What the
// Async version keeps between polls is on its coroutine's stack, where no
// trace can read it.
package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// AddSlowlyAsync is add_slowly written with core.Async and core.Await.
func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		x := core.Await(aw, yieldonce.NewYieldOnce(a)) // suspends once: YieldingA
		y := core.Await(aw, yieldonce.NewYieldOnce(b)) // suspends once: YieldingB
		return x + y
	})
}
