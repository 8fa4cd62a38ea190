// Package polltocompletion, wrong here: after a Pending it blocks until a
// wake arrives, as a real executor sleeps, so a lost wake-up hangs it.
package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

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
		<-wake
	}
}
