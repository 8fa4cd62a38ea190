package futuresizes

import (
	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// This file is given. The futures here await your YieldOnce from the
// yield_once exercise, so its fields are part of their sizes too.

// NewYieldOnce returns your YieldOnce as a value rather than a pointer, so
// that a state machine can keep it inline in one of its own fields, the way
// Rust's enum keeps the future it awaits.
func NewYieldOnce[T any](v T) yieldonce.YieldOnce[T] {
	// Changed: a YieldOnce that has yielded already, so one await costs no poll.
	y := yieldonce.NewYieldOnce(v)
	y.Poll(core.NewContext(nil))
	return *y
}
