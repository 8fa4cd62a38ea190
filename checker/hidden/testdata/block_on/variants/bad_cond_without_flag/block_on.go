// Package blockon: a sync.Cond with no flag beside it: a Signal sent during the
// poll, before Wait, is lost.
package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

// A condition variable, but no flag: Wait misses a Signal sent before it.
func BlockOn[T any](f core.Future[T]) T {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	cx := core.NewContext(core.WakerFunc(func() {
		mu.Lock()
		cond.Signal()
		mu.Unlock()
	}))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		mu.Lock()
		cond.Wait()
		mu.Unlock()
	}
}
