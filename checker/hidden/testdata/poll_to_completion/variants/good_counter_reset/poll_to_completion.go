// Right, in another style: the waker counts, and the count is read and reset
// after every poll, so it only says whether anything woke since the last.
package polltocompletion

import (
	"errors"
	"fmt"
	"sync"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	var mu sync.Mutex
	wakes := 0
	cx := core.NewContext(core.WakerFunc(func() { mu.Lock(); wakes++; mu.Unlock() }))
	for polls := 1; ; polls++ {
		p := f.Poll(cx)
		if p.IsReady() {
			return p.Unwrap(), nil
		}
		mu.Lock()
		n := wakes
		wakes = 0 // read and reset together: a wake is worth one poll
		mu.Unlock()
		if n == 0 {
			var zero T
			return zero, fmt.Errorf("poll #%d: %w", polls, ErrLostWakeup)
		}
	}
}
