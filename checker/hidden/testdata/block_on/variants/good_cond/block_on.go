package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

// A flag under a mutex, and a condition to sleep on.
func BlockOn[T any](f core.Future[T]) T {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	woken := false
	cx := core.NewContext(core.WakerFunc(func() {
		mu.Lock()
		woken = true
		mu.Unlock()
		cond.Signal()
	}))
	for {
		mu.Lock()
		woken = false // cleared before the poll: a wake during it stays
		mu.Unlock()
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		mu.Lock()
		for !woken {
			cond.Wait()
		}
		mu.Unlock()
	}
}
