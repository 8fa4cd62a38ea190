package tracing_test

// The helpers every trace_test.go uses. futurelings hands this file out with
// each trace, in the package of the exercise being traced, so it is written
// once here.

import (
	"fmt"
	"strings"
	"time"

	"github.com/futurelings/futurelings/core"
)

// flMaxPolls bounds every trace: the futures traced here need a handful of
// polls.
const flMaxPolls = 12

// flTrace creates a future with newFut and polls it under core's Recorder
// until it is Ready, a poll panics, a Pending poll leaves the waker alone,
// or flMaxPolls polls have been made. Each poll is printed as it happens,
// so whatever the code prints shows up next to the poll that printed it.
//
// want is what a correct future's polls look like, as core.Step prints
// them without "poll #N: "; lines without a "→" leave the states out of the
// comparison. The trace ends by saying whether the polls matched, and
// showing want when they did not.
func flTrace[T any](title string, newFut func() core.Future[T], want ...string) {
	fmt.Println(title + ":")
	var got []string
	defer func() {
		if strings.Join(got, "\n") == strings.Join(want, "\n") {
			fmt.Println("  a correct one does the same")
			return
		}
		fmt.Println("  a correct one does this instead:")
		for i, w := range want {
			fmt.Printf("    poll #%d: %s\n", i+1, w)
		}
	}()
	var fut core.Future[T]
	if !flCall("creating it", func() { fut = newFut() }) {
		return
	}
	defer flCall("dropping it", func() { core.Drop(fut) })
	r := core.NewRecorder(fut)
	for i := 0; i < flMaxPolls; i++ {
		s := r.Step()
		fmt.Println("  " + s.String())
		for _, n := range flNotes {
			fmt.Println("      " + n)
		}
		flNotes = nil
		if i < len(want) && !strings.Contains(want[i], "→") {
			s.Before, s.After = "", ""
		}
		_, desc, _ := strings.Cut(s.String(), ": ")
		got = append(got, desc)
		switch {
		case s.Panicked:
			fmt.Printf("  stopped: poll #%d panicked\n", s.N)
			return
		case s.Result.IsReady():
			fmt.Printf("  %s after %d %s\n", s.Result, s.N, flPlural(s.N, "poll"))
			return
		case s.Wakes == 0 && r.WaitForLateWake(flLateWake):
			fmt.Printf("      the waker was called after poll #%d returned, from elsewhere (another goroutine?): "+
				"an executor polls again when that happens\n", s.N)
		case s.Wakes == 0:
			fmt.Printf("  stopped: poll #%d returned Pending without waking the waker, and no wake came within %v, "+
				"so no executor would poll it again (a lost wake-up)\n", s.N, flLateWake)
			return
		}
	}
	fmt.Printf("  stopped: still not Ready after %d polls\n", flMaxPolls)
}

// flLateWake is how long a trace waits for a wake from elsewhere before it
// calls a Pending without a wake lost.
const flLateWake = 200 * time.Millisecond

// flNotes are printed under the next poll's line: what the trace saw
// happen during that poll.
var flNotes []string

// flCall runs f and reports whether it returned without panicking; a panic
// is printed, saying what was being done.
func flCall(what string, f func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Printf("  %s panicked: %v\n", what, p)
		}
	}()
	f()
	return true
}

func flPlural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// flShown is a future that names its state by printing its fields, for
// futures that have no String method: each poll then shows how they changed.
type flShown[T any] struct {
	fut  core.Future[T]
	show func() string
}

func (s flShown[T]) Poll(cx *core.Context) core.Poll[T] { return s.fut.Poll(cx) }
func (s flShown[T]) String() string                     { return s.show() }
