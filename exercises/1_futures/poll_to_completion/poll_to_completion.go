// Package polltocompletion has you write an executor: the loop that polls a
// future until it is done.
//
// # What an executor does
//
// A future does nothing by itself. Something has to call its Poll, and call
// it again each time it says Pending, until it says Ready. That something is
// the executor. The smallest one runs a single future on the current
// goroutine:
//
//  1. Make a waker, and a *core.Context around it for Poll.
//  2. Poll the future.
//  3. Ready? Return the value. Pending? Poll again, but only once the future
//     has woken the waker.
//
// Step 3 is the contract between futures and executors. A future that
// returns Pending promises to call its waker when polling could make
// progress; in return, the executor does not poll it again before that.
// Polling anyway, in a tight loop, is busy-waiting: it burns a core and
// hides the futures that forgot their wake, since those would otherwise
// never be polled again.
//
// A real executor that finds nothing woken goes to sleep until some waker
// fires, maybe from a timer or a network event on another thread. Here
// everything runs on one goroutine, and the futures you will meet wake their
// waker during the poll. So if a poll returns Pending and the waker was not
// called, nothing ever will call it: the wake-up is lost, and the honest
// thing to do is to stop and say so with an error.
//
// # In Rust
//
// Lesson 1 builds the same loop. There, a waker is made from an Arc of a type
// that implements the Wake trait (its wake sets a flag), Context::from_waker
// wraps it, the future is pinned, and a loop matches on
// fut.as_mut().poll(&mut cx). Here core.WakerFunc turns a func into a Waker,
// core.NewContext wraps it, and the future is not pinned. Pin is Rust's
// promise that a future will not move again from the moment it is pinned,
// which has to happen before its first poll, and compiler-made futures need
// that promise: a local that lives across an
// .await is a field of the future, so a reference to it held across the
// same .await points into the future itself. Go needs no such promise, and
// not because the future sits behind a pointer (a Rust Box<dyn Future> does
// too, and still has to be pinned): Go's collector never moves a heap
// object, and when the runtime moves a goroutine's stack it fixes up every
// pointer into it. The core package's doc says more (go doc ./core).
//
// # What to write
//
// PollToCompletion(f) polls f until it is Ready and returns its value with a
// nil error. After a poll that returned Pending without a wake, it polls no
// more and returns an error that wraps ErrLostWakeup (return ErrLostWakeup
// itself, or wrap it with fmt.Errorf and %w so errors.Is finds it). It never
// polls f again after Ready.
//
// The shipped version polls in a loop with a waker that does nothing: it
// cannot tell a future that asked to be polled again from one that never
// will. Give it a waker that remembers it was woken (a bool the func sets is
// enough here), and look at that flag after every Pending. Clear it before
// the next poll, or one old wake would count for every later poll.
//
// core.PollToCompletion is the finished version of this function: do not
// call it, write your own. You do not need a poll limit; a future that keeps
// waking and never finishes is its own bug.
package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

// ErrLostWakeup is the error PollToCompletion returns, or wraps, when a
// future returns Pending without waking its waker.
var ErrLostWakeup = errors.New("lost wake-up: the future returned Pending without waking its waker, " +
	"so nothing would ever poll it again")

// PollToCompletion polls f until it is Ready and returns its value. It
// returns an error wrapping ErrLostWakeup when f returns Pending without
// waking its waker.
func PollToCompletion[T any](f core.Future[T]) (T, error) {
	// TODO: this waker does nothing, so the loop cannot know whether the
	// future asked to be polled again. Make one that records each wake.
	cx := core.NewContext(core.NoopWaker())
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		// TODO: the future said Pending. Poll again only if it woke the
		// waker during that poll; otherwise stop and return an error that
		// wraps ErrLostWakeup.
	}
}
