// Package polltocompletion, wrong: it clears the flag right after the poll,
// before looking at it, so every wake is forgotten.
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
		p := f.Poll(cx)
		woken = false
		if p.IsReady() {
			return p.Unwrap(), nil
		}
		if !woken {
			var zero T
			return zero, ErrLostWakeup
		}
	}
}
