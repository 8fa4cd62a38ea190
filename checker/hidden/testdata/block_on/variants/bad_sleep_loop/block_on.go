package blockon

import (
	"sync/atomic"
	"time"

	"github.com/futurelings/futurelings/core"
)

// Waits for the wake by sleeping a little and looking again.
func BlockOn[T any](f core.Future[T]) T {
	var woken atomic.Bool
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		for !woken.Swap(false) {
			time.Sleep(time.Millisecond)
		}
	}
}
