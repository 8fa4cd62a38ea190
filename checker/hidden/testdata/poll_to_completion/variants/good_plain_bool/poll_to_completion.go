// Package polltocompletion: an executor with a plain bool flag, which is
// enough when every wake happens during the poll, on this goroutine.
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
		woken = false
		p := f.Poll(cx)
		if p.IsReady() {
			return p.Unwrap(), nil
		}
		if !woken {
			var zero T
			return zero, ErrLostWakeup
		}
	}
}
