// Package blockon: polls the future on a new goroutine each time and waits for
// the answer.
package blockon

import "github.com/futurelings/futurelings/core"

// Polls on a goroutine of its own each time, and waits for the answer.
func BlockOn[T any](f core.Future[T]) T {
	token := make(chan struct{}, 1)
	cx := core.NewContext(core.WakerFunc(func() {
		select {
		case token <- struct{}{}:
		default:
		}
	}))
	for {
		res := make(chan core.Poll[T])
		go func() { res <- f.Poll(cx) }()
		if v, ok := (<-res).Value(); ok {
			return v
		}
		<-token
	}
}
