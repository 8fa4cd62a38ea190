package pinned_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/3_wakers_and_executors/pinned"
)

// flMoving polls a MovableGreeting, and moves it to a new place, wiping
// the old one, before its second poll.
type flMoving struct {
	g     *pinned.MovableGreeting
	polls int
}

func (m *flMoving) Poll(cx *core.Context) core.Poll[string] {
	m.polls++
	if m.polls == 2 {
		moved := new(pinned.MovableGreeting)
		*moved = *m.g
		*m.g = pinned.MovableGreeting{}
		m.g = moved
		flNotes = append(flNotes, "before this poll it was moved: moved := *g, and the old place wiped")
	}
	return m.g.Poll(cx)
}

func (m *flMoving) String() string { return fmt.Sprintf("at %p", m.g) }

// TestTrace is what "futurelings trace pinned" shows: the learner's
// MovableGreeting polled once, moved to a new address, and polled again
// there. It is not a check.
func TestTrace(t *testing.T) {
	flTrace(`NewMovableGreeting(NewInput("Ferris")), moved between its polls`,
		func() core.Future[string] {
			return &flMoving{g: pinned.NewMovableGreeting(pinned.NewInput("Ferris"))}
		},
		"Pending, woke 1×",
		`Ready("Hello, Ferris")`)
}
