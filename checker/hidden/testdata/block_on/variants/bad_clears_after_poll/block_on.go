package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

// Clears the flag after the poll, which forgets a wake made during it.
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
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		mu.Lock()
		woken = false
		for !woken {
			cond.Wait()
		}
		mu.Unlock()
	}
}
