// Package blockon: a new channel for every poll, closed by the first wake after that
// poll began.
package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

// One channel per poll, closed by the first wake after that poll began.
func BlockOn[T any](f core.Future[T]) T {
	var mu sync.Mutex
	var cur chan struct{}
	cx := core.NewContext(core.WakerFunc(func() {
		mu.Lock()
		if cur != nil {
			close(cur)
			cur = nil
		}
		mu.Unlock()
	}))
	for {
		ch := make(chan struct{})
		mu.Lock()
		cur = ch
		mu.Unlock()
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		<-ch
	}
}
