package polltocompletion

import (
	"errors"
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

var ErrLostWakeup = errors.New("lost wake-up")

// Correct: the executor is its own waker.
type executor struct{ woken atomic.Bool }

func (e *executor) Wake() { e.woken.Store(true) }

func PollToCompletion[T any](f core.Future[T]) (T, error) {
	e := &executor{}
	cx := core.NewContext(e)
	for {
		p := f.Poll(cx)
		if p.IsReady() {
			return p.Unwrap(), nil
		}
		if !e.woken.Swap(false) {
			var zero T
			return zero, errors.Join(errors.New("the future returned Pending without a wake"), ErrLostWakeup)
		}
	}
}
