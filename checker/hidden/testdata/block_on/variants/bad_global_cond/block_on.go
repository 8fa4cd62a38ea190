// Package blockon: the flag and the condition are package-level variables,
// shared by every call.
package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

var (
	mu    sync.Mutex
	cond  = sync.NewCond(&mu)
	woken bool
)

func BlockOn[T any](f core.Future[T]) T {
	cx := core.NewContext(core.WakerFunc(func() {
		mu.Lock()
		woken = true
		mu.Unlock()
		cond.Broadcast()
	}))
	for {
		mu.Lock()
		woken = false
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
