// Package polltocompletion, wrong: it polls once and gives up on Pending,
// even when the future asked to be polled again.
package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	if v, ok := f.Poll(core.NewContext(nil)).Value(); ok {
		return v, nil
	}
	var zero T
	return zero, ErrLostWakeup
}
