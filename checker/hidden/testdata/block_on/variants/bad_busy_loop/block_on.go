package blockon

import (
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

// Notes the wake, but polls again whether it came or not.
func BlockOn[T any](f core.Future[T]) T {
	var woken atomic.Bool
	cx := core.NewContext(core.WakerFunc(func() { woken.Store(true) }))
	for {
		woken.Store(false)
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
	}
}
