// Package countdown is a future that has to wait several times before it is
// done, and so has to count.
//
// # The idea
//
// NewCountdown(n) makes a future that returns Pending n times and then is
// Ready with the string Liftoff. A Countdown from 3, run by an executor:
//
//	poll #1: Pending, woke 1×
//	poll #2: Pending, woke 1×
//	poll #3: Pending, woke 1×
//	poll #4: Ready("liftoff")
//
// A Countdown from 0 is Ready on its first poll.
//
// Two things matter here. First, every Pending comes with a wake: the
// future calls cx.Waker().Wake() during that poll, before returning, or the
// executor would never poll it again. The Ready poll does not wake; there is
// nothing left to poll for.
//
// Second, the future is called again and again, and it must know, each
// time, how far it has got. Nothing survives between two calls of Poll
// except the future's own fields. So the count lives in a field, and each
// Pending poll changes that field, through the pointer receiver, for the
// next poll to see. That "remember where you are between polls" is the seed
// of the state machines in lesson 2.
//
// # In Rust
//
//	struct Countdown { remaining: u32 }
//
//	impl Future for Countdown {
//	    type Output = &'static str;
//	    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
//	        if self.remaining == 0 {
//	            return Poll::Ready("liftoff");
//	        }
//	        self.remaining -= 1;
//	        cx.waker().wake_by_ref();
//	        Poll::Pending
//	    }
//	}
//
// The Go version is the same shape: a struct with the count, a pointer
// receiver in place of Pin<&mut Self>, core.Ready and core.Pending[string]()
// in place of Poll::Ready and Poll::Pending.
//
// # What to write
//
//   - a field in Countdown for what it must remember;
//   - NewCountdown, which sets it from n (n is never negative);
//   - Poll: at the end of the count, return Ready with Liftoff; otherwise
//     count one down, wake the waker, and return Pending.
//
// Once Ready, a Countdown is not polled again; what it would do then is up
// to you.
//
// futurelings trace countdown polls your Countdown the way an executor
// would and prints its fields around each poll, with the wakes.
package countdown

import "github.com/futurelings/futurelings/core"

// Liftoff is the value a Countdown is Ready with.
const Liftoff = "liftoff"

// Countdown is a future that is Pending a given number of times, waking its
// waker each time, and then Ready with Liftoff.
type Countdown struct {
	// TODO: remember how many Pendings are left.
}

// NewCountdown returns a Countdown that is Pending n times before it is
// Ready.
func NewCountdown(n int) *Countdown {
	// TODO: keep n in the Countdown.
	return &Countdown{}
}

// Poll returns Pending (after waking the waker) until the count runs out,
// then Ready with Liftoff.
func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	// TODO: this is Ready at once, whatever n was. Return Pending, with a
	// wake, as long as some of the count is left, counting one down each
	// time.
	return core.Ready(Liftoff)
}
