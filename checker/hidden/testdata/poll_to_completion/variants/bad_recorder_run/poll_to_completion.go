package polltocompletion

import (
	"errors"
	"fmt"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Wrong: core.Recorder.Run is the loop, finished.
func PollToCompletion[T any](f core.Future[T]) (T, error) {
	r := core.NewRecorder(f)
	for {
		steps := r.Run(1 << 30)
		last := steps[len(steps)-1]
		if v, ok := last.Result.Value(); ok {
			return v, nil
		}
		if last.Panicked {
			panic(last.Panic)
		}
		var zero T
		return zero, fmt.Errorf("poll #%d: %w", last.N, ErrLostWakeup)
	}
}
