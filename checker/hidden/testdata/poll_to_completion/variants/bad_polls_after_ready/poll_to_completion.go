// Package polltocompletion, wrong: it polls until Ready, then polls once more
// to fetch the value.
package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	woken := false
	cx := core.NewContext(core.WakerFunc(func() { woken = true }))
	for f.Poll(cx).IsPending() {
		if !woken {
			var zero T
			return zero, ErrLostWakeup
		}
		woken = false
	}
	return f.Poll(cx).Unwrap(), nil
}
