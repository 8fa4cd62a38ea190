package tracing_test

// The helpers every trace_test.go uses. futurelings hands this file out with
// each trace, in the package of the exercise being traced, so it is written
// once here.

import (
	"fmt"
	"reflect"
	"regexp"
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
// Under each poll come the polls of sub-futures made inside it (when the
// exercise's given futures report them to flSubPoll) and what the future
// holds after it, read from its fields (flHolds), as the lesson's boxes say
// "holds: a, b".
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
	if h := flHolds(fut); h != "" {
		fmt.Printf("  created: %s\n", flNow(fut, h))
	}
	flNotes = nil
	r := core.NewRecorder(fut)
	for i := 0; i < flMaxPolls; i++ {
		s := r.Step()
		fmt.Println("  " + s.String())
		for _, n := range flNotes {
			fmt.Println("      " + n)
		}
		flNotes = nil
		if h := flHolds(fut); h != "" && !s.Panicked {
			fmt.Printf("      now %s\n", flNow(fut, h))
		}
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
func (s flShown[T]) flShownFields()                     {}

// flSubPoll notes a poll of a sub-future made inside the poll being traced,
// and what it returned: the lesson's "→ poll build_url → Pending". An
// exercise's given futures call it through a hook (fetchdata.OnPoll, say).
func flSubPoll(future, result string) {
	flNotes = append(flNotes, "inside: poll "+future+" → "+result)
}

// flNow names the future's state, when it says it, before what it holds.
func flNow(fut any, holds string) string {
	if s, ok := fut.(fmt.Stringer); ok {
		if name := flStateName(s); name != "" {
			return name + ", " + holds
		}
	}
	return holds
}

func flStateName(s fmt.Stringer) (name string) {
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	return s.String()
}

// flHolds says what a hand-written future holds between polls, from its
// fields: "holds B = 3, Fut (*YieldOnce[uint32])". When the future keeps
// its state in an interface field (one struct per state, as the lesson's
// enum), it is the fields of the current state's struct; otherwise it is
// the future's own fields, tag included. It says nothing for a future it
// cannot see into: core's Async futures (their state is a coroutine's
// stack), and futures a trace already shows field by field (flShown).
func flHolds(fut any) string {
	if _, shown := fut.(interface{ flShownFields() }); shown {
		return ""
	}
	v := reflect.ValueOf(fut)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct || strings.HasSuffix(v.Type().PkgPath(), "/core") {
		return ""
	}
	if st, ok := flStateField(v); ok {
		v = st
	}
	var parts []string
	for i := 0; i < v.NumField(); i++ {
		parts = append(parts, v.Type().Field(i).Name+flFieldValue(v.Field(i)))
	}
	if len(parts) == 0 {
		return "holds nothing"
	}
	return "holds " + strings.Join(parts, ", ")
}

// flStateField finds the one interface field of a future that holds its
// current state as a struct, and returns that struct.
func flStateField(v reflect.Value) (reflect.Value, bool) {
	var found reflect.Value
	n := 0
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() != reflect.Interface || f.IsNil() {
			continue
		}
		e := f.Elem()
		for e.Kind() == reflect.Pointer && !e.IsNil() {
			e = e.Elem()
		}
		if e.Kind() == reflect.Struct {
			found, n = e, n+1
		}
	}
	return found, n == 1
}

var flPkgPrefix = regexp.MustCompile(`\b[a-z0-9_]+\.`)

// flFieldValue shows a field's value when it is a plain one (a number, a
// string, a bool) and its type otherwise: a sub-future's fields are its
// own business.
func flFieldValue(f reflect.Value) string {
	switch f.Kind() {
	case reflect.String:
		return fmt.Sprintf(" = %q", f.String())
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return fmt.Sprintf(" = %v", f)
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func:
		if f.IsNil() {
			return " = nil"
		}
	}
	return " (" + flPkgPrefix.ReplaceAllString(f.Type().String(), "") + ")"
}
