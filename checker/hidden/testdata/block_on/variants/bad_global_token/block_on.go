// Package blockon: one token for every call, kept at package level: a wake
// meant for one call can wake another, which polls its future for nothing.
package blockon

import "github.com/futurelings/futurelings/core"

var token = make(chan struct{}, 1)

var cx = core.NewContext(core.WakerFunc(func() {
	select {
	case token <- struct{}{}:
	default:
	}
}))

func BlockOn[T any](f core.Future[T]) T {
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		<-token
	}
}
