// Package blockon parks once more after the Ready poll, waiting for a wake
// that nothing will send, instead of returning the value it has.
package blockon

import "github.com/futurelings/futurelings/core"

// BlockOn runs f to completion on the calling goroutine and returns its
// value. Between polls it sleeps until f's waker is called.
func BlockOn[T any](f core.Future[T]) T {
	// The token: full means "woken since the last poll began". Wakes that
	// find it full change nothing, so several wakes buy one poll.
	token := make(chan struct{}, 1)
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case token <- struct{}{}:
		default:
		}
	}))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			<-token // waits for one more wake before it returns
			return v
		}
		// Park. A wake during the poll left the token, so this returns at
		// once; otherwise it blocks until a waker on some goroutine is
		// called.
		<-token
	}
}
