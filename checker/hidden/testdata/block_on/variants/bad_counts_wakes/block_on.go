package blockon

import "github.com/futurelings/futurelings/core"

// One token per wake: two wakes buy two polls.
func BlockOn[T any](f core.Future[T]) T {
	tokens := make(chan struct{}, 64)
	cx := core.NewContext(core.WakerFunc(func() { tokens <- struct{}{} }))
	for {
		if v, ok := f.Poll(cx).Value(); ok {
			return v
		}
		<-tokens
	}
}
