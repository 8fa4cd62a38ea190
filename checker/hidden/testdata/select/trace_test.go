package selectfirst_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	selectfirst "github.com/futurelings/futurelings/exercises/3_wakers_and_executors/select"
)

// flTraceTask is Pending (waking its waker) pendings times, then Ready;
// every poll and its drop leave a note under the Select's poll.
type flTraceTask struct {
	name     string
	pendings int
	value    int
	polls    int
}

func (f *flTraceTask) Poll(cx *core.Context) core.Poll[int] {
	f.polls++
	if f.pendings > 0 {
		f.pendings--
		cx.Waker().Wake()
		flNotes = append(flNotes, f.name+" polled: Pending")
		return core.Pending[int]()
	}
	flNotes = append(flNotes, fmt.Sprintf("%s polled: Ready(%d)", f.name, f.value))
	return core.Ready(f.value)
}

func (f *flTraceTask) Drop() {
	flNotes = append(flNotes, fmt.Sprintf("%s dropped after %d %s: its cleanup runs", f.name, f.polls, flPlural(f.polls, "poll")))
}

// TestTrace is what "futurelings trace select" shows: the learner's Select
// racing a side that needs two polls against one that needs four, with a
// line for every poll of a side and for the drop of the loser. It is not a
// check.
func TestTrace(t *testing.T) {
	flTrace("NewSelect(a Ready on its poll #2, b Ready on its poll #4)",
		func() core.Future[selectfirst.Either[int, int]] {
			return selectfirst.NewSelect[int, int](&flTraceTask{name: "a", pendings: 1, value: 1}, &flTraceTask{name: "b", pendings: 3, value: 2})
		},
		"Pending, woke 2×",
		"Ready(A(1))")
}
