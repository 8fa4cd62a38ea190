package core_test

import (
	"errors"
	"fmt"

	"github.com/futurelings/futurelings/core"
)

func ExamplePoll() {
	ready := core.Ready(5)
	pending := core.Pending[int]()
	fmt.Println(ready, pending, core.Ready("five"))

	// Value is the safe way in: ok says whether there is a value at all.
	if v, ok := ready.Value(); ok {
		fmt.Println("value:", v)
	}
	if _, ok := pending.Value(); !ok {
		fmt.Println("pending: no value yet")
	}
	// Output:
	// Ready(5) Pending Ready("five")
	// value: 5
	// pending: no value yet
}

func ExamplePollToCompletion() {
	// A future that needs three polls. Before each Pending it wakes its
	// waker, which is how the executor learns it should poll again.
	polls := 0
	f := core.FutureFunc[string](func(cx *core.Context) core.Poll[string] {
		polls++
		if polls < 3 {
			cx.Waker().Wake()
			return core.Pending[string]()
		}
		return core.Ready("done")
	})

	v, err := core.PollToCompletion(f)
	fmt.Println(v, err, "after", polls, "polls")
	// Output: done <nil> after 3 polls
}

func ExamplePollToCompletion_lostWakeup() {
	// The classic bug: Pending without arranging a wake-up. A real
	// executor would wait forever; PollToCompletion says what happened.
	polls := 0
	f := core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
		polls++
		if polls == 1 {
			return core.Pending[int]() // forgot cx.Waker().Wake()
		}
		return core.Ready(1)
	})

	_, err := core.PollToCompletion(f)
	fmt.Println(errors.Is(err, core.ErrLostWakeup))
	fmt.Println(err)
	// Output:
	// true
	// lost wake-up: poll #1 returned Pending but the waker was never called, so a real executor would sleep forever (call cx.Waker().Wake() before returning Pending)
}

func ExampleAsync() {
	// later(v) stands for any operation that has to wait once: Pending
	// (after a wake) on its first poll, Ready(v) on the next.
	later := func(v int) core.Future[int] {
		waited := false
		return core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
			if !waited {
				waited = true
				cx.Waker().Wake()
				return core.Pending[int]()
			}
			return core.Ready(v)
		})
	}

	// Plain sequential code, loop included. Every Await of a Pending
	// future suspends the body and makes the whole future Pending; the
	// next poll resumes it right there.
	sum := core.Async(func(aw *core.Awaiter) int {
		total := 0
		for i := 1; i <= 3; i++ {
			total += core.Await(aw, later(i*10))
		}
		return total
	})

	r := core.NewRecorder(sum)
	r.Run(10)
	fmt.Print(r.Trace())
	// Output:
	// poll #1: Pending, woke 1×
	// poll #2: Pending, woke 1×
	// poll #3: Pending, woke 1×
	// poll #4: Ready(60)
}

func ExampleDrop() {
	busy := core.FutureFunc[int](func(cx *core.Context) core.Poll[int] {
		cx.Waker().Wake()
		return core.Pending[int]() // still working
	})
	f := core.Async(func(aw *core.Awaiter) int {
		defer fmt.Println("body unwound")
		fmt.Println("body waiting")
		return core.Await(aw, busy)
	})

	fmt.Println(f.Poll(core.NewContext(nil)))
	// Nobody wants the result any more: end the suspended body now
	// instead of leaving its coroutine to the garbage collector.
	core.Drop(f)
	fmt.Println("dropped")
	// Output:
	// body waiting
	// Pending
	// body unwound
	// dropped
}
