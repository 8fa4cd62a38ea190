package polltocompletion

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Correct: one poll per call, recursing after each wake.
func PollToCompletion[T any](f core.Future[T]) (T, error) {
	var woken atomic.Bool
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	return pollFrom(f, cx, &woken, 1)
}

func pollFrom[T any](f core.Future[T], cx *core.Context, woken *atomic.Bool, n int) (T, error) {
	woken.Store(false)
	if v, ok := f.Poll(cx).Value(); ok {
		return v, nil
	}
	if !woken.Load() {
		var zero T
		return zero, fmt.Errorf("poll %d: %w", n, ErrLostWakeup)
	}
	return pollFrom(f, cx, woken, n+1)
}
