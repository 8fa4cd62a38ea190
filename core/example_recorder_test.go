package core_test

import (
	"fmt"

	"github.com/futurelings/futurelings/core"
)

// vendingMachine is a state machine written as a future: each poll makes
// one transition. (A real one would wait for a coin and a button press;
// this one just wakes itself so that it is polled again.)
type vendingMachine struct {
	state vendingState
}

type vendingState int

const (
	idle vendingState = iota
	hasCoin
	dispensing
	done
)

// String names the current state, which is what a Recorder shows.
func (m *vendingMachine) String() string {
	return [...]string{"Idle", "HasCoin", "Dispensing", "Done"}[m.state]
}

func (m *vendingMachine) Poll(cx *core.Context) core.Poll[string] {
	switch m.state {
	case idle:
		m.state = hasCoin // a coin went in
	case hasCoin:
		m.state = dispensing // the button was pressed
	case dispensing:
		m.state = done
		return core.Ready("snack")
	default:
		panic("vending machine polled after completion")
	}
	cx.Waker().Wake()
	return core.Pending[string]()
}

func ExampleRecorder() {
	r := core.NewRecorder[string](&vendingMachine{})
	r.Run(10) // until Ready, a panic, a lost wake-up, or 10 polls
	r.Step()  // one poll too many, to show how a panic is recorded
	fmt.Print(r.Trace())
	// Output:
	// poll #1: Idle → HasCoin, Pending, woke 1×
	// poll #2: HasCoin → Dispensing, Pending, woke 1×
	// poll #3: Dispensing → Done, Ready("snack")
	// poll #4: Done, panicked: vending machine polled after completion (at example_recorder_test.go:40)
}
