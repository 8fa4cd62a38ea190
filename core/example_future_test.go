package core_test

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// kettle is a hand-written future. Its state lives in its fields between
// polls; each poll heats the water a little and, until it boils, wakes the
// waker and says Pending.
type kettle struct {
	celsius int
}

func (k *kettle) Poll(cx *core.Context) core.Poll[string] {
	k.celsius += 30
	if k.celsius < 100 {
		cx.Waker().Wake() // poll me again
		return core.Pending[string]()
	}
	return core.Ready(fmt.Sprintf("boiled at %d°C", k.celsius))
}

func ExampleFuture() {
	var f core.Future[string] = &kettle{celsius: 20}

	// Play executor by hand, with a waker that only counts.
	var w core.CountingWaker
	cx := core.NewContext(&w)
	for poll := 1; ; poll++ {
		p := f.Poll(cx)
		fmt.Printf("poll #%d: %v, wakes so far: %d\n", poll, p, w.Count())
		if p.IsReady() {
			break
		}
	}
	// Output:
	// poll #1: Pending, wakes so far: 1
	// poll #2: Pending, wakes so far: 2
	// poll #3: Ready("boiled at 110°C"), wakes so far: 2
}
