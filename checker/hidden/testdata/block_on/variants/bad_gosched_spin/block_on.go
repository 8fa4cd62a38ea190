// Package blockon: waits for an atomic flag, yielding the processor in a loop
// instead of sleeping.
package blockon

import (
	"runtime"
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

// Waits for the flag, yielding the processor while it waits.
func BlockOn[T any](f core.Future[T]) T {
	var woken atomic.Bool
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	for {
		woken.Store(false)
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		for !woken.Load() {
			runtime.Gosched()
		}
	}
}
