package countdown

import (
	"github.com/futurelings/futurelings/core"
)

const Liftoff = "liftoff"

// Correct: a generic counter type underneath.
type counter[N ~int | ~uint] struct{ left N }

func (k *counter[N]) tick() bool {
	if k.left == 0 {
		return false
	}
	k.left--
	return true
}

type Countdown struct{ counter[uint] }

func NewCountdown(n int) *Countdown { return &Countdown{counter[uint]{uint(n)}} }

func (c *Countdown) Poll(cx *core.Context) core.Poll[string] {
	if !c.tick() {
		return core.Ready(Liftoff)
	}
	defer cx.Waker().Wake()
	return core.Pending[string]()
}
