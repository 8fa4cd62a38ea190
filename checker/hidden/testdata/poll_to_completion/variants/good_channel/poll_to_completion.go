// Package polltocompletion: an executor whose waker sends on a channel with
// room for one, so any number of wakes between two polls count as one.
package polltocompletion

import (
	"errors"
	"fmt"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	wake := make(chan struct{}, 1)
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case wake <- struct{}{}:
		default: // a wake is already waiting
		}
	}))
	var n int
	for {
		n++
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		select {
		case <-wake:
		default:
			var zero T
			return zero, fmt.Errorf("executor: after %d polls: %w", n, ErrLostWakeup)
		}
	}
}
