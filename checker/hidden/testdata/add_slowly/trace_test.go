package addslowly_test

import (
	"testing"

	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
)

// TestTrace is what "futurelings trace add_slowly" shows: the learner's
// AddSlowly polled step by step, with the states it moves through, as in
// the lesson's diagram. It is not a check.
func TestTrace(t *testing.T) {
	flTrace("NewAddSlowly(2, 3)",
		func() core.Future[uint32] { return addslowly.NewAddSlowly(2, 3) },
		"Start → YieldingA, Pending, woke 1×",
		"YieldingA → YieldingB, Pending, woke 1×",
		"YieldingB → Done, Ready(5)")
}
