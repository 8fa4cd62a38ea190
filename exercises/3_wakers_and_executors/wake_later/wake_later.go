// Package wakelater is a future that is woken from elsewhere: it waits for a
// timer, and the timer, not the future's own poll, calls the waker.
//
// # Waking from elsewhere
//
// Every future so far woke its waker during its own poll: "nothing to wait
// for, poll me again at once". Real futures wait for something outside:
// a timer, a socket, a message from another task. Their first poll starts
// the work (sets the timer), keeps the waker, and returns Pending without
// waking anything. Later, when the work is done, the other side (the
// timer's goroutine here, a reactor thread in a real runtime) calls the
// waker it was given, and only then does the executor poll again.
//
// Waking during the poll anyway would not be wrong in what it computes, but
// every such wake buys a poll that can only say Pending again: the
// executor spins instead of sleeping, which is the cost futures exist to
// avoid.
//
// # Three things that go wrong
//
//   - The latest waker. Each poll may come with a different waker: a future
//     is a value, and between two polls it may have been handed to another
//     task, or to a combinator that polls it with a waker of its own (the
//     futures crate's FuturesUnordered gives each of its futures one). Only
//     the waker of the latest poll is sure to reach whoever polls the future
//     now. So every poll stores the
//     waker it was given, replacing the old one, and the timer wakes
//     whatever is stored when it fires.
//   - The lost wake. The timer runs on another goroutine, at any moment,
//     including in the middle of a poll. If Poll sees "not done yet", then
//     the timer fires and wakes the old waker (or finds none), and only then
//     does Poll store the new waker and return Pending, the wake is lost: the
//     future sleeps forever. "Done?" and "here is my waker" must not be
//     split by the timer. Guard both with one sync.Mutex, in Poll and in the
//     timer's function (or, with atomics, store the waker first and look at
//     "done" after).
//   - The data race. The timer's goroutine and Poll share the done flag and
//     the waker. Without a mutex (or atomics) that is a data race: go test
//     -race reports it, and without -race it goes wrong only now and then.
//     A waker is an interface value, two machine words, so a racy read can
//     even see half of the old waker and half of the new one. (The checks
//     build without cgo, which -race needs, so they read your code for
//     this instead: Poll and the timer's function must each take the lock,
//     or use atomics or a channel.)
//
// Call the waker after you unlock the mutex: a waker may run code you do
// not know (an executor could even poll the future at once), and that code
// must not find your lock held.
//
// # Time you can control
//
// A Delay takes a core.Clock instead of calling time.AfterFunc directly, so
// the checks can hand it a core.ManualClock: its time moves only when the
// checks move it, its timers fire on goroutines of their own at that
// moment, and nothing needs to sleep. Start the timer with
// d.clock.AfterFunc(d.dur, ...), never with the time package.
//
// # In Rust
//
// Context::waker() lends the waker only for the length of the poll, so a
// Rust future keeps its own copy, waker.clone(), often in an
// Arc<Mutex<...>> it shares with the timer thread, next to a completed
// flag. Each poll locks, returns Ready if completed, and otherwise stores
// cx.waker().clone() (or skips the clone when waker.will_wake(cx.waker())
// says it is the same one). The timer thread locks, sets completed, takes
// the waker and calls wake() on it. A Go Waker is an interface value that
// you may keep as it is; the mutex and the "latest waker" rule are the
// same.
//
// # What to write
//
// NewDelay(clock, dur) makes a Delay that is Ready({}) once dur has passed
// on clock. Its first poll starts one timer; every Pending poll stores its
// waker and wakes nothing; the timer wakes the stored waker exactly once.
// Poll and the timer's function run on different goroutines: nothing they
// share may be touched without the mutex.
//
// `futurelings trace wake_later` shows your Delay polled with a new waker
// each time, and who woke what.
package wakelater

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

// Delay is a future that becomes Ready once its duration has passed on its
// clock. A timer on that clock wakes the waker of its latest poll.
type Delay struct {
	clock core.Clock
	dur   time.Duration

	// TODO: what Poll and the timer's function share: whether the time is
	// up, the waker of the latest poll, and what keeps them consistent.
	deadline time.Time
	started  bool
}

// NewDelay returns a Delay that is Ready once dur has passed on clock. It
// starts nothing: the first poll sets the timer.
func NewDelay(clock core.Clock, dur time.Duration) *Delay {
	return &Delay{clock: clock, dur: dur}
}

// Poll returns Ready once the time is up. Otherwise it keeps the waker for
// the timer to call, and returns Pending without waking anything.
func (d *Delay) Poll(cx *core.Context) core.Poll[struct{}] {
	// TODO: this looks at the clock and asks to be polled again at once,
	// so an executor spins on it until the time is up. Start a timer on
	// the first poll instead, store the waker on every poll, and let the
	// timer's function wake it.
	if !d.started {
		d.started = true
		d.deadline = d.clock.Now().Add(d.dur)
	}
	if !d.clock.Now().Before(d.deadline) {
		return core.Ready(struct{}{})
	}
	cx.Waker().Wake()
	return core.Pending[struct{}]()
}
