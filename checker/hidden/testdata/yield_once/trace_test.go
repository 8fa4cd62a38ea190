package yieldonce_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// TestTrace is what "futurelings trace yield_once" shows: the learner's
// YieldOnce polled step by step, its fields printed before and after each
// poll. It is not a check.
func TestTrace(t *testing.T) {
	flTrace("NewYieldOnce(5), its fields around each poll",
		func() core.Future[int] {
			y := yieldonce.NewYieldOnce(5)
			return flShown[int]{y, func() string { return fmt.Sprintf("%+v", *y) }}
		},
		"Pending, woke 1×",
		"Ready(5)")
}
