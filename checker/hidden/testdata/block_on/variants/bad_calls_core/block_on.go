package blockon

import "github.com/futurelings/futurelings/core"

// Hands the work to core's executor.
func BlockOn[T any](f core.Future[T]) T {
	v, err := core.PollToCompletion(f)
	if err != nil {
		panic(err)
	}
	return v
}
