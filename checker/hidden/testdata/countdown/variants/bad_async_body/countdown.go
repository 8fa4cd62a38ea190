// Wrong: a core.Async body counts down in a loop variable, so the count is
// kept on a coroutine's stack, not in a field of the future.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type Countdown struct {
	fut core.Future[string]
}

// once is Pending once, waking, then Ready.
type once struct{ done bool }

func (o *once) Poll(cx *core.Context) core.Poll[struct{}] {
	if o.done {
		return core.Ready(struct{}{})
	}
	o.done = true
	cx.Waker().Wake()
	return core.Pending[struct{}]()
}

func NewCountdown(n int) *Countdown {
	return &Countdown{fut: core.Async(func(aw *core.Awaiter) string {
		for i := n; i > 0; i-- {
			core.Await[struct{}](aw, &once{})
		}
		return Liftoff
	})}
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] { return c.fut.Poll(cx) }
