// Wrong: hands the loop to core and re-wraps its error, so errors.Is finds
// this package's ErrLostWakeup although no loop was written.
package polltocompletion

import (
	"errors"
	"fmt"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	v, err := core.PollToCompletionWith(f, core.Options{WakeTimeout: 1})
	if errors.Is(err, core.ErrLostWakeup) {
		return v, fmt.Errorf("%w (%v)", ErrLostWakeup, err)
	}
	return v, err
}
