// Package polltocompletion, not the exercise: it hands the work to core's
// executor and passes its error on.
package polltocompletion

import (
	"errors"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	return core.PollToCompletionWith(f, core.Options{WakeTimeout: 1})
}
