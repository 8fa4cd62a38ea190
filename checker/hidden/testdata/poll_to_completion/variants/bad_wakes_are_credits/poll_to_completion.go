// Wrong: counts wakes as credits, so two wakes in one poll pay for two more
// polls.
package polltocompletion

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	var credits atomic.Int64
	cx := core.NewContext(core.WakerFunc(func() { credits.Add(1) }))
	for polls := 1; ; polls++ {
		if v, ok := f.Poll(cx).Value(); ok {
			return v, nil
		}
		if credits.Add(-1) < 0 {
			var zero T
			return zero, fmt.Errorf("poll #%d: %w", polls, ErrLostWakeup)
		}
	}
}
