package core_test

import (
	"reflect"
	"testing"

	"github.com/futurelings/futurelings/core"
)

// dropCounter is a pending future that counts its drops.
type dropCounter struct{ drops *int }

func (d dropCounter) Poll(cx *core.Context) core.Poll[int] {
	cx.Waker().Wake()
	return core.Pending[int]()
}
func (d dropCounter) Drop() { *d.drops++ }

func TestDropCallsADroppersDropOnce(t *testing.T) {
	n := 0
	core.Drop[int](dropCounter{&n})
	if n != 1 {
		t.Errorf("core.Drop of a Dropper called its Drop %d times; want 1", n)
	}
	core.Drop[int](nil) // nothing to drop, and no panic
}

func TestDroppingAnAsyncDropsWhatItAwaits(t *testing.T) {
	var order []string
	n := 0
	inner := core.Async(func(aw *core.Awaiter) int {
		defer func() { order = append(order, "inner body") }()
		return core.Await[int](aw, dropCounter{&n})
	})
	outer := core.Async(func(aw *core.Awaiter) int {
		defer func() { order = append(order, "outer body") }()
		return core.Await(aw, inner)
	})
	if p := outer.Poll(core.NewContext(nil)); p.IsReady() {
		t.Fatalf("poll #1 returned %v; want Pending", p)
	}
	core.Drop(outer)
	if n != 1 {
		t.Errorf("dropping the outer Async dropped the innermost future %d times; want 1", n)
	}
	if want := []string{"inner body", "outer body"}; !reflect.DeepEqual(order, want) {
		t.Errorf("bodies unwound in the order %v; want %v (innermost first)", order, want)
	}
	core.Drop(outer)
	if n != 1 {
		t.Errorf("a second Drop of the outer Async dropped the innermost future again (%d drops); want 1", n)
	}
}
