package ready_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	ready "github.com/futurelings/futurelings/exercises/1_futures/ready"
)

// TestTrace is what "futurelings trace ready" shows: the learner's
// ReadyFuture polled, its fields printed before and after. It is not a
// check.
func TestTrace(t *testing.T) {
	flTrace("NewReady(7), its fields around each poll",
		func() core.Future[int] {
			r := ready.NewReady(7)
			return flShown[int]{r, func() string { return fmt.Sprintf("%+v", *r) }}
		},
		"Ready(7)")
}
