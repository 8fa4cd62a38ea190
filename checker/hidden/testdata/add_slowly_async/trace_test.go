package addslowlyasync_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	addslowly "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly"
	addslowlyasync "github.com/futurelings/futurelings/exercises/2_state_machines/add_slowly_async"
)

// TestTrace is what "futurelings trace add_slowly_async" shows: the
// learner's AddSlowlyAsync polled step by step, then their hand-written
// AddSlowly from add_slowly, for comparison: the same polls, with the
// states the Async version keeps out of sight, and for the hand-written one
// what each state holds. It is not a check.
func TestTrace(t *testing.T) {
	flTrace("AddSlowlyAsync(2, 3), written with core.Async",
		func() core.Future[uint32] { return addslowlyasync.AddSlowlyAsync(2, 3) },
		"Pending, woke 1×",
		"Pending, woke 1×",
		"Ready(5)")
	fmt.Println()
	flTrace("NewAddSlowly(2, 3), the hand-written state machine",
		func() core.Future[uint32] { return addslowly.NewAddSlowly(2, 3) },
		"Start → YieldingA, Pending, woke 1×",
		"YieldingA → YieldingB, Pending, woke 1×",
		"YieldingB → Done, Ready(5)")
}
