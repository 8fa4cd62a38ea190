package blockon

import "github.com/futurelings/futurelings/core"

// Empties the token box before each poll, then sleeps on it after.
func BlockOn[T any](f core.Future[T]) T {
	wake := make(chan struct{}, 1)
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}))
	for {
		select {
		case <-wake:
		default:
		}
		p := f.Poll(cx)
		if p.IsReady() {
			return p.Unwrap()
		}
		<-wake
	}
}
