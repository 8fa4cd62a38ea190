package tenthousandtasks

import (
	"github.com/futurelings/futurelings/core"
	futuresizes "github.com/futurelings/futurelings/exercises/2_state_machines/future_sizes"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// This file is given: the two kinds of task the exercise measures. Both wait
// on your YieldOnce from the yield_once exercise, and the hand-written one is
// your OneAwait from future_sizes. You do not need to change it.
//
// Both tasks do the same work, the lesson's one_await:
//
//	async fn task() -> u32 { yield_once(42).await }
//
// After one poll each is stopped at its await: suspended, waiting for its
// next poll. What differs is what each keeps while it waits.

// NewAsyncTask returns the task written as sequential code with core.Async.
// Its first poll starts a coroutine for the body, which runs until the Await
// of the YieldOnce, then stays parked there, with its own goroutine stack,
// until the next poll.
func NewAsyncTask() core.Future[uint32] {
	return core.Async(func(aw *core.Awaiter) uint32 {
		y := NewYieldOnce(uint32(42))
		return core.Await[uint32](aw, &y)
	})
}

// StateMachineTask is the same task written by hand: your OneAwait from the
// future_sizes exercise, a state tag and the YieldOnce it awaits (yours, from
// yield_once). With a byte for the tag and a YieldOnce of a uint32 and two
// bools, that is 12 bytes in all on every platform. rustc's future for
// one_await is as small only with a YieldOnce like this one: with an
// 8-byte YieldOnce it is 12 bytes, but the lesson's YieldOnce keeps its value
// in an Option<u32>, which makes it 12 bytes and the future around it 16
// (checker/rustref/out/yield_once.sizes.txt in the course's repository).
type StateMachineTask = futuresizes.OneAwait

// NewStateMachineTask returns the hand-written task, not yet started.
func NewStateMachineTask() core.Future[uint32] {
	return futuresizes.NewOneAwait()
}

// NewYieldOnce returns your YieldOnce from the yield_once exercise as a
// value rather than a pointer, as future_sizes has it, for the Async task to
// keep in a local of its body.
func NewYieldOnce[T any](v T) yieldonce.YieldOnce[T] {
	return *yieldonce.NewYieldOnce(v)
}
