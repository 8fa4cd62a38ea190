// Package blockon: a package-level mutex held for the whole call: while one
// call sleeps, a second one cannot even poll.
package blockon

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

var one sync.Mutex

func BlockOn[T any](f core.Future[T]) T {
	one.Lock()
	defer one.Unlock()
	token := make(chan struct{}, 1)
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
