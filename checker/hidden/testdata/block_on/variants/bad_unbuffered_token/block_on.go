// Package blockon: a token channel with no room: a wake that comes while nobody
// receives is dropped.
package blockon

import "github.com/futurelings/futurelings/core"

// A token channel without room: a wake with nobody waiting is dropped.
func BlockOn[T any](f core.Future[T]) T {
	token := make(chan struct{})
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case token <- struct{}{}:
		default:
		}
	}))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		<-token
	}
}
