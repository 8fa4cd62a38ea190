// Package blockon: each wake sends a token of its own from a goroutine, so three
// wakes buy three polls.
package blockon

import "github.com/futurelings/futurelings/core"

// Each wake sends its own token, from a goroutine so that Wake never blocks.
func BlockOn[T any](f core.Future[T]) T {
	token := make(chan struct{})
	cx := core.NewContext(core.WakerFunc(func() {
		go func() { token <- struct{}{} }()
	}))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		<-token
	}
}
