package core_test

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// download is a hand-written future that holds a connection from the
// moment it is first polled until it finishes. Its Drop gives the
// connection back if it is dropped while still holding one: that is its
// cancellation.
type download struct {
	open    *int // connections in use, shared with whoever counts them
	polls   int
	holding bool
}

func (d *download) Poll(cx *core.Context) core.Poll[string] {
	if !d.holding {
		*d.open++
		d.holding = true
	}
	d.polls++
	if d.polls < 3 {
		cx.Waker().Wake()
		return core.Pending[string]()
	}
	*d.open--
	d.holding = false
	return core.Ready("42 bytes")
}

// Drop cleans up from whatever state the download is in.
func (d *download) Drop() {
	if d.holding {
		*d.open--
		d.holding = false
		fmt.Println("dropped after", d.polls, "polls: connection closed")
		return
	}
	fmt.Println("dropped after", d.polls, "polls: nothing to close")
}

func ExampleDropper() {
	open := 0
	cx := core.NewContext(nil)

	// Cancelled half-way: the connection is still open until Drop.
	var f core.Future[string] = &download{open: &open}
	f.Poll(cx)
	fmt.Println("open:", open)
	core.Drop(f)
	fmt.Println("open:", open)

	// Dropped before it ever ran, and after it finished.
	core.Drop[string](&download{open: &open})
	g := &download{open: &open}
	for !g.Poll(cx).IsReady() {
	}
	core.Drop[string](g)
	fmt.Println("open:", open)
	// Output:
	// open: 1
	// dropped after 1 polls: connection closed
	// open: 0
	// dropped after 0 polls: nothing to close
	// dropped after 3 polls: nothing to close
	// open: 0
}

func ExampleDrop_asyncPassesItOn() {
	// Dropping an Async future drops the future its body is suspended
	// on, then unwinds the body, as dropping an async fn's future drops
	// the one it is awaiting.
	open := 0
	f := core.Async(func(aw *core.Awaiter) string {
		defer fmt.Println("body unwound")
		return core.Await[string](aw, &download{open: &open})
	})
	f.Poll(core.NewContext(nil))
	fmt.Println("open:", open)
	core.Drop(f)
	fmt.Println("open:", open)
	// Output:
	// open: 1
	// dropped after 1 polls: connection closed
	// body unwound
	// open: 0
}
