// Wrong: steps through the state names on its own wakes and adds a + b
// itself; no YieldOnce is ever created or polled.
package addslowly

import "github.com/futurelings/futurelings/core"

type AddSlowly struct {
	a, b  uint32
	stage int
}

func NewAddSlowly(a, b uint32) *AddSlowly { return &AddSlowly{a: a, b: b} }

func (f *AddSlowly) String() string {
	return [...]string{"Start", "YieldingA", "YieldingB", "Done"}[f.stage]
}

func (f *AddSlowly) Poll(cx *core.Context) core.Poll[uint32] {
	switch f.stage {
	case 0, 1:
		f.stage++
		cx.Waker().Wake()
		return core.Pending[uint32]()
	case 2:
		f.stage = 3
		return core.Ready(f.a + f.b)
	}
	panic("addslowly: AddSlowly polled after completion")
}
