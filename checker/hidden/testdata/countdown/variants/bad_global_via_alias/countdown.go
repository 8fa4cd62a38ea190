// Wrong: the count lives in a package-level table, reached through a local
// alias, and a field that only counts polls up makes the fields change.
package countdown

import "github.com/futurelings/futurelings/core"

const Liftoff = "liftoff"

type table struct{ left map[*Countdown]int }

var counts = &table{left: map[*Countdown]int{}}

type Countdown struct {
	polls int
}

func NewCountdown(n int) *Countdown {
	c := &Countdown{}
	t := counts
	t.left[c] = n
	return c
}

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	c.polls++
	t := counts
	if t.left[c] <= 0 {
		return core.Ready(Liftoff)
	}
	t.left[c]--
	cx.Waker().Wake()
	return core.Pending[string]()
}
