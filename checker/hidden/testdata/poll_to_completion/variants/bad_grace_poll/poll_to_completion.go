package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Wrong: after a Pending without a wake it polls once more, just in case.
func PollToCompletion[T any](f core.Future[T]) (T, error) {
	woken := false
	cx := core.NewContext(core.WakerFunc(func() { woken = true }))
	grace := true
	for {
		woken = false
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if !woken {
			if grace {
				grace = false
				continue
			}
			var zero T
			return zero, ErrLostWakeup
		}
		grace = true
	}
}
