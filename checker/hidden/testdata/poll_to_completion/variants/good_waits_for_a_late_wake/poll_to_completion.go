package polltocompletion

import (
	"errors"
	"time"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Correct: waits a moment for a wake from another goroutine before it gives up.
func PollToCompletion[T any](f core.Future[T]) (T, error) {
	wake := make(chan struct{}, 1)
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		select {
		case <-wake:
		case <-time.After(50 * time.Millisecond):
			var zero T
			return zero, ErrLostWakeup
		}
	}
}
