// Package blockon: keeps a wake that comes during the poll, but sends a
// later one on a channel with no buffer, dropping it when it comes before the park.
package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

func BlockOn[T any](f core.Future[T]) T {
	var mu sync.Mutex
	polling, woken := false, false
	ch := make(chan struct{})
	cx := core.NewContext(core.WakerFunc(func() {
		mu.Lock()
		if polling {
			woken = true
			mu.Unlock()
			return
		}
		mu.Unlock()
		select {
		case ch <- struct{}{}:
		default:
		}
	}))
	for {
		mu.Lock()
		polling, woken = true, false
		mu.Unlock()
		r := f.Poll(cx)
		mu.Lock()
		polling = false
		w := woken
		mu.Unlock()
		if v, ok := r.Value(); ok {
			return v
		}
		if !w {
			<-ch
		}
	}
}
