package countdown_test

import (
	"fmt"
	"testing"

	"github.com/futurelings/futurelings/core"
	countdown "github.com/futurelings/futurelings/exercises/1_futures/countdown"
)

// TestTrace is what "futurelings trace countdown" shows: the learner's
// Countdown polled step by step, its fields printed before and after each
// poll. It is not a check.
func TestTrace(t *testing.T) {
	flTrace("NewCountdown(3), its fields around each poll",
		func() core.Future[string] {
			c := countdown.NewCountdown(3)
			return flShown[string]{c, func() string { return fmt.Sprintf("%+v", *c) }}
		},
		"Pending, woke 1×",
		"Pending, woke 1×",
		"Pending, woke 1×",
		`Ready("liftoff")`)
}
