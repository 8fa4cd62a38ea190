// Package blockon: sleeps on a channel that a goroutine of its own fills
// as fast as it can, so it looks asleep while it busy-waits for a flag.
package blockon

import (
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

func BlockOn[T any](f core.Future[T]) T {
	var woken, done atomic.Bool
	tick := make(chan struct{})
	go func() {
		for !done.Load() {
			select {
			case tick <- struct{}{}:
			default:
			}
		}
	}()
	defer done.Store(true)
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	for {
		woken.Store(false)
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		for !woken.Load() {
			<-tick
		}
	}
}
