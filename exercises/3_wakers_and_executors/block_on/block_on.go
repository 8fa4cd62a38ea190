// Package blockon has you write block_on: an executor for one future that
// sleeps while the future waits, instead of polling it in a loop.
//
// # Sleep, do not spin
//
// The executor of poll_to_completion could stop at the first Pending
// without a wake: every future it met woke itself during its poll, so no
// wake could ever come later. A Delay (wake_later) is different: its wake
// comes from the timer's goroutine, some time after the poll returned. An
// executor for such futures must wait, and waiting well means sleeping:
// the goroutine blocks, uses no CPU, and is woken by the waker. Polling in
// a loop until the future is Ready works too, but burns a whole core for
// nothing, and asks every future, again and again, a question it has
// already answered.
//
// So BlockOn polls, and after each Pending it parks: it blocks until the
// waker is called. Three things make that right:
//
//   - A wake during the poll is not lost. A future may wake the waker
//     before it returns Pending, from inside the poll or from another
//     goroutine while the poll runs. That wake happened before BlockOn went
//     to sleep, and it must still count: BlockOn must not sleep then.
//   - One wake, one poll. Wakes that arrive while the executor is between
//     two polls ask for one more poll together, not one poll each; and
//     BlockOn never polls when nothing woke it.
//   - A spurious wake does no harm. A waker may be called when the future
//     has nothing new to say; then the poll returns Pending again, and
//     BlockOn goes back to sleep.
//
// In Go, a channel with a buffer of one holds exactly one "you were
// woken" token: the waker puts a token in if there is none yet (a send in
// a select with a default case, so it never blocks), and parking is a
// receive, which returns at once when the token is already there. A
// sync.Mutex with a sync.Cond and a flag does the same job.
//
// # In Rust
//
// std::thread::park() blocks the current thread until its token is made
// available; Thread::unpark() makes it available, and if it already was,
// nothing changes: tokens do not add up. A park after an unpark returns at
// once, which is why a wake that arrives during the poll is not lost. The
// documentation of std::task::Wake shows a block_on built this way: a
// waker made from Arc<ThreadWaker> whose wake calls unpark on the thread
// that runs block_on, and a loop that polls the pinned future and parks on
// Pending. park may also return spuriously, so the loop just polls again,
// and that poll must be harmless. That example warns that it is simplified:
// futures::executor::block_on parks its thread too, but its waker also sets
// a flag of its own, and it polls again only when the flag is set, so that a
// park or unpark made by other code on the same thread neither loses a wake
// nor buys a poll. Your channel's token is that flag.
//
// # What to write
//
// BlockOn(f) polls f until it is Ready and returns its value. After every
// Pending it sleeps until f's waker is called, from any goroutine, however
// long that takes; a wake that came during the poll makes it poll again at
// once. It never polls f without a wake since its last poll began, so its
// sleep has no time limit either (no time.After "just in case": a sleep
// that ends by itself is a busy loop, only slower). It polls f itself, on
// the goroutine that called it.
//
// Write the loop yourself: core.PollToCompletion is the checks' executor
// from lesson 1, and it gives up after a quarter of a second without a
// wake, where a block_on waits as long as it takes.
//
// `futurelings trace block_on` shows your executor at work: each poll, when
// it slept, and who woke it.
package blockon

import "github.com/futurelings/futurelings/core"

// BlockOn runs f to completion on the calling goroutine and returns its
// value. Between polls it sleeps until f's waker is called.
func BlockOn[T any](f core.Future[T]) T {
	// TODO: this waker does nothing, so the loop polls again at once after
	// every Pending: it spins instead of sleeping. Make a waker that
	// leaves a token (a channel with room for one), and after a Pending
	// wait for the token before the next poll.
	cx := core.NewContext(core.NoopWaker())
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
	}
}
