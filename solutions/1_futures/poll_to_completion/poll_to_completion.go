// Package polltocompletion is the reference solution of the
// poll_to_completion exercise: a single-future executor that polls only after
// a wake and reports a lost wake-up instead of spinning.
package polltocompletion

import (
	"errors"
	"fmt"
	"sync/atomic"

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
	// An atomic flag, because a waker may be called from any goroutine. In
	// these exercises it is always called during the poll, on this one.
	var woken atomic.Bool
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	for polls := 1; ; polls++ {
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		// Read and clear in one step: a wake counts for one more poll
		// only, so a later Pending needs a wake of its own.
		if !woken.Swap(false) {
			var zero T
			return zero, fmt.Errorf("poll #%d: %w", polls, ErrLostWakeup)
		}
	}
}
