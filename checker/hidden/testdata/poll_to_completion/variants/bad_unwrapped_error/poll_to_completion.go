// Package polltocompletion, wrong: the lost wake-up error is a new error
// that does not wrap ErrLostWakeup.
package polltocompletion

import (
	"errors"
	"fmt"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	woken := false
	cx := core.NewContext(core.WakerFunc(func() { woken = true }))
	for n := 1; ; n++ {
		woken = false
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if !woken {
			var zero T
			return zero, fmt.Errorf("poll #%d: %v", n, ErrLostWakeup)
		}
	}
}
