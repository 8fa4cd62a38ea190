package addslowlyasync

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Wrong: a hand-written state machine, wrapped in core.Async.
type machine struct {
	tag  int
	b, x uint32
	fut  *yieldonce.YieldOnce[uint32]
}

func (m *machine) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch m.tag {
		case 0:
			m.tag = 1
		case 1:
			v, ok := m.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			m.x, m.fut, m.tag = v, yieldonce.NewYieldOnce(m.b), 2
		default:
			v, ok := m.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			return core.Ready(m.x + v)
		}
	}
}

func AddSlowlyAsync(a, b uint32) core.Future[uint32] {
	m := &machine{b: b, fut: yieldonce.NewYieldOnce(a)}
	return core.Async(func(aw *core.Awaiter) uint32 { return core.Await[uint32](aw, m) })
}
