package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Wrong: the flag is a package-level variable, shared by every run.
var woken bool

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	cx := core.NewContext(core.WakerFunc(func() { woken = true }))
	for {
		woken = false
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if !woken {
			var zero T
			return zero, ErrLostWakeup
		}
	}
}
