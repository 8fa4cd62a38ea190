package core

import (
	"errors"
	"fmt"
	"time"
)

// The limits PollToCompletion applies unless told otherwise.
const (
	// DefaultMaxPolls is how many polls a future gets before the executor
	// decides that it will never finish.
	DefaultMaxPolls = 100_000
	// DefaultWakeTimeout is how long the executor waits for a wake after a
	// Pending before it reports a lost wake-up.
	DefaultWakeTimeout = 250 * time.Millisecond
)

// The two mistakes an executor can see from the outside. Use errors.Is to
// tell them apart.
var (
	// ErrLostWakeup: the future returned Pending and nothing woke its waker,
	// so a real executor would sleep forever.
	ErrLostWakeup = errors.New("lost wake-up")
	// ErrTooManyPolls: the future kept returning Pending past the poll limit.
	ErrTooManyPolls = errors.New("never became Ready")
)

// ExecError describes why an executor gave up on a future. It wraps one of
// [ErrLostWakeup] or [ErrTooManyPolls].
type ExecError struct {
	Polls int   // how many times the future was polled
	Err   error // ErrLostWakeup or ErrTooManyPolls
}

func (e *ExecError) Error() string {
	switch e.Err {
	case ErrLostWakeup:
		return fmt.Sprintf("lost wake-up: poll #%d returned Pending but the waker was never called, "+
			"so a real executor would sleep forever (call cx.Waker().Wake() before returning Pending)", e.Polls)
	case ErrTooManyPolls:
		return fmt.Sprintf("the future never became Ready: it returned Pending %d times in a row "+
			"(does it move to its next state when polled?)", e.Polls)
	}
	return fmt.Sprintf("executor stopped after %d polls: %v", e.Polls, e.Err)
}

func (e *ExecError) Unwrap() error { return e.Err }

// Options tunes [PollToCompletionWith]. Zero fields take the defaults.
type Options struct {
	MaxPolls    int           // give up when this many polls in a row returned Pending
	WakeTimeout time.Duration // how long to wait for a wake after Pending
}

// PollToCompletion runs f to its end on the current goroutine and returns
// its value. It polls once, and after every Pending waits for the waker to be
// called before polling again; wakes that arrive together buy one poll, not
// one each. The wake may come during the poll or later from another
// goroutine. It returns an [*ExecError] instead of hanging when no wake
// comes within [DefaultWakeTimeout] (a lost wake-up) or the future is still
// Pending after [DefaultMaxPolls] polls.
func PollToCompletion[T any](f Future[T]) (T, error) {
	return PollToCompletionWith(f, Options{})
}

// PollToCompletionWith is [PollToCompletion] with explicit limits.
func PollToCompletionWith[T any](f Future[T], opts Options) (T, error) {
	if opts.MaxPolls <= 0 {
		opts.MaxPolls = DefaultMaxPolls
	}
	if opts.WakeTimeout <= 0 {
		opts.WakeTimeout = DefaultWakeTimeout
	}
	// A buffer of one folds any number of wakes between two polls into one.
	woken := make(chan struct{}, 1)
	cx := NewContext(WakerFunc(func() {
		select {
		case woken <- struct{}{}:
		default:
		}
	}))
	var timer *time.Timer
	for polls := 1; ; polls++ {
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if polls >= opts.MaxPolls {
			var zero T
			return zero, &ExecError{Polls: polls, Err: ErrTooManyPolls}
		}
		select {
		case <-woken:
			continue
		default:
		}
		// Not woken during the poll: give a waker on another goroutine a
		// moment before calling it lost.
		if timer == nil {
			timer = time.NewTimer(opts.WakeTimeout)
			defer timer.Stop()
		} else {
			timer.Reset(opts.WakeTimeout)
		}
		select {
		case <-woken:
		case <-timer.C:
			var zero T
			return zero, &ExecError{Polls: polls, Err: ErrLostWakeup}
		}
	}
}
