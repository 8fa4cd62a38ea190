// Package blockon: parks on its token, but never longer than 100ms, in case a wake is lost:
// a busy loop that only spins more slowly.
package blockon

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

// Parks, but never longer than a while, in case a wake is lost.
func BlockOn[T any](f core.Future[T]) T {
	token := make(chan struct{}, 1)
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case token <- struct{}{}:
		default:
		}
	}))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		select {
		case <-token:
		case <-time.After(100 * time.Millisecond):
		}
	}
}
