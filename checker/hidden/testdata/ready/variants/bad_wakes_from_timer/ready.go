// Wrong: it asks for another poll from a timer goroutine although it is Ready.
package ready

import (
	"time"

	"github.com/futurelings/futurelings/core"
)

type ReadyFuture[T any] struct{ value T }

func NewReady[T any](v T) *ReadyFuture[T] { return &ReadyFuture[T]{value: v} }

func (r *ReadyFuture[T]) Poll(cx *core.Context) core.Poll[T] {
	time.AfterFunc(time.Millisecond, cx.Waker().Wake)
	return core.Ready(r.value)
}
