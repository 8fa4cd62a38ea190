// Package blockon: parks on its token, but arms a timer of core's clock
// first, in case a wake is lost: a sleep with a time limit all the same.
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
		t := core.SystemClock().AfterFunc(100_000_000, wake) // just in case
		<-token
		t.Stop()
	}
}
