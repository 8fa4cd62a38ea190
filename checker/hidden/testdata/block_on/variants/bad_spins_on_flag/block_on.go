package blockon

import (
	"runtime"
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

// Polls only after a wake, but waits for it by spinning.
func BlockOn[T any](f core.Future[T]) T {
	var woken atomic.Bool
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		for !woken.Swap(false) {
			runtime.Gosched()
		}
	}
}
