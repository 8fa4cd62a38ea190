package join_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/3_wakers_and_executors/join"
)

// flTraceSide is Pending (waking its waker) pendings times, then Ready;
// each poll leaves a note under the Join's poll that caused it.
type flTraceSide struct {
	name     string
	pendings int
	value    int
	done     bool
}

func (s *flTraceSide) Poll(cx *core.Context) core.Poll[int] {
	switch {
	case s.done:
		flNotes = append(flNotes, s.name+" polled again after it returned Ready: a finished future must not be polled")
		return core.Ready(s.value)
	case s.pendings > 0:
		s.pendings--
		cx.Waker().Wake()
		flNotes = append(flNotes, s.name+" polled: Pending")
		return core.Pending[int]()
	}
	s.done = true
	flNotes = append(flNotes, fmt.Sprintf("%s polled: Ready(%d)", s.name, s.value))
	return core.Ready(s.value)
}

// TestTrace is what "futurelings trace join" shows: the learner's Join of
// a side that needs two polls and one that needs four, with a line for
// every poll of a side. It is not a check.
func TestTrace(t *testing.T) {
	flTrace("NewJoin(a Ready on its poll #2, b Ready on its poll #4)",
		func() core.Future[join.Pair[int, int]] {
			return join.NewJoin[int, int](flTraceSide{name: "a", pendings: 1, value: 1}, flTraceSide{name: "b", pendings: 3, value: 2})
		},
		"Pending, woke 2×",
		"Pending, woke 1×",
		"Pending, woke 1×",
		"Ready({A:1 B:2})")
}
