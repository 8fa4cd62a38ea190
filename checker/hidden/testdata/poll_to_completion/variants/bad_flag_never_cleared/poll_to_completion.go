// Package polltocompletion, wrong: the flag is set by the first wake and
// never cleared, so every later Pending looks woken.
package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	woken := false
	cx := core.NewContext(core.WakerFunc(func() { woken = true }))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if !woken {
			var zero T
			return zero, ErrLostWakeup
		}
	}
}
