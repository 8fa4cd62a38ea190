// Package blockon: runs core's executor, with a wake timeout of an hour, on a
// goroutine where a look at BlockOn's own stack does not find it.
package blockon

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

// core's executor, with a wake timeout long enough for anything, run out of sight.
func BlockOn[T any](f core.Future[T]) T {
	var v T
	done := make(chan struct{})
	go func() {
		defer close(done)
		v, _ = core.PollToCompletionWith(f, core.Options{WakeTimeout: time.Hour})
	}()
	<-done
	return v
}
