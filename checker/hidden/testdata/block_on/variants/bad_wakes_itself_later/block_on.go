// Package blockon: after each Pending, starts a goroutine that wakes the
// executor itself a while later, in case the future never does.
package blockon

import "github.com/futurelings/futurelings/core"

func BlockOn[T any](f core.Future[T]) T {
	token := make(chan struct{}, 1)
	wake := func() {
		select {
		case token <- struct{}{}:
		default:
		}
	}
	cx := core.NewContext(core.WakerFunc(wake))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		go func() { // wake ourselves later, in case the future forgets
			for i := 0; i < 500_000_000; i++ {
			}
			wake()
		}()
		<-token
	}
}
