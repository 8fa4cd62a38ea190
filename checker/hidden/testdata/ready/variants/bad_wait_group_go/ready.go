// Wrong: Ready, yet it wakes its waker from a goroutine started with WaitGroup.Go.
package ready

import (
	"sync"

	"github.com/futurelings/futurelings/core"
)

type ReadyFuture[T any] struct {
	value T
	once  sync.Once
	n     int
}

func NewReady[T any](v T) *ReadyFuture[T] { return &ReadyFuture[T]{value: v} }

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	r.n++
	if r.n == 1 {
		w := cx.Waker()
		var wg sync.WaitGroup
		wg.Go(w.Wake)
		wg.Wait()
	}
	return core.Ready(r.value)
}
