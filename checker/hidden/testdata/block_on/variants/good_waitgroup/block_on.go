// Package blockon: a sync.WaitGroup of one for every poll; the first wake after the poll
// began marks it done.
package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

// A WaitGroup of one per poll: the wake is Done.
func BlockOn[T any](f core.Future[T]) T {
	var mu sync.Mutex
	var wg *sync.WaitGroup
	cx := core.NewContext(core.WakerFunc(func() {
		mu.Lock()
		defer mu.Unlock()
		if wg != nil {
			wg.Done()
			wg = nil
		}
	}))
	for {
		mine := new(sync.WaitGroup)
		mine.Add(1)
		mu.Lock()
		wg = mine
		mu.Unlock()
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		mine.Wait()
	}
}
