package futuresizes_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	futuresizes "github.com/futurelings/futurelings/exercises/2_state_machines/future_sizes"
)

// TestTrace is what "futurelings trace future_sizes" shows: the learner's
// NoAwaits and OneAwait polled step by step, their fields printed before
// and after each poll, which is everything each future keeps between
// polls. It is not a check.
func TestTrace(t *testing.T) {
	flTrace("NewNoAwaits(), its fields around each poll",
		func() core.Future[uint32] {
			f := futuresizes.NewNoAwaits()
			return flShown[uint32]{f, func() string { return fmt.Sprintf("%+v", *f) }}
		},
		"Ready(42)")
	fmt.Println()
	flTrace("NewOneAwait(), its fields around each poll",
		func() core.Future[uint32] {
			f := futuresizes.NewOneAwait()
			return flShown[uint32]{f, func() string { return fmt.Sprintf("%+v", *f) }}
		},
		"Pending, woke 1×",
		"Ready(42)")
}
