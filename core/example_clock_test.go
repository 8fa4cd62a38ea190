package core_test

import (
	"fmt"
	"time"

	"github.com/futurelings/futurelings/core"
)

func ExampleManualClock() {
	clock := core.NewManualClock()
	clock.AfterFunc(10*time.Millisecond, func() { fmt.Println("tea is ready") })
	alarm := clock.AfterFunc(20*time.Millisecond, func() { fmt.Println("alarm") })

	clock.Advance(5 * time.Millisecond) // nothing is due yet
	fmt.Println(clock.Elapsed(), "timers set:", clock.Timers())

	// Advance returns once the timer's function, run on a goroutine of its
	// own, has returned: no sleeping, no guessing.
	clock.Advance(5 * time.Millisecond)
	fmt.Println(clock.Elapsed(), "timers set:", clock.Timers())

	fmt.Println("stopped:", alarm.Stop())
	fmt.Println("another timer:", clock.AdvanceToNext())
	// Output:
	// 5ms timers set: 2
	// tea is ready
	// 10ms timers set: 1
	// stopped: true
	// another timer: false
}

// A future that waits for time stores the waker of its latest poll, and the
// timer wakes it later from another goroutine.
func ExampleManualClock_wakeLater() {
	clock := core.NewManualClock()
	var woken core.CountingWaker
	clock.AfterFunc(time.Second, woken.Wake)

	clock.Advance(999 * time.Millisecond)
	fmt.Println("wakes after 999ms:", woken.Count())
	clock.AdvanceToNext()
	fmt.Println("wakes after", clock.Elapsed(), woken.Count())
	// Output:
	// wakes after 999ms: 0
	// wakes after 1s 1
}
