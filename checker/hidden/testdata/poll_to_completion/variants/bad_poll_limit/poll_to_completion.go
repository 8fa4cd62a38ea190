package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Wrong: gives up after 64 polls and calls that a lost wake-up.
func PollToCompletion[T any](f core.Future[T]) (T, error) {
	woken := false
	cx := core.NewContext(core.WakerFunc(func() { woken = true }))
	for n := 1; n <= 64; n++ {
		woken = false
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if !woken {
			break
		}
	}
	var zero T
	return zero, ErrLostWakeup
}
