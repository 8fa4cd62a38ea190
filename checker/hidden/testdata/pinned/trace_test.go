package pinned_test

import (
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"github.com/futurelings/futurelings/core"
	"github.com/futurelings/futurelings/exercises/3_wakers_and_executors/pinned"
)

// flMoving polls a MovableGreeting, and moves it to a new place, wiping
// the old one, before its second poll. After each poll it notes what the
// greeting holds, and any field that points into the place it left.
type flMoving struct {
	g     *pinned.MovableGreeting
	polls int
	old   uintptr // where the greeting was before it moved
}

func (m *flMoving) Poll(cx *core.Context) core.Poll[string] {
	m.polls++
	if m.polls == 2 {
		moved := new(pinned.MovableGreeting)
		*moved = *m.g
		*m.g = pinned.MovableGreeting{}
		m.old, m.g = uintptr(unsafe.Pointer(m.g)), moved
		flNotes = append(flNotes, "before this poll it was moved: moved := *g, and the old place wiped")
	}
	p := m.g.Poll(cx)
	flNotes = append(flNotes, "now "+flHolds(m.g))
	if m.old != 0 {
		if f := flPointsInto(reflect.ValueOf(m.g).Elem(), "", m.old, m.old+unsafe.Sizeof(*m.g), 0); f != "" {
			flNotes = append(flNotes, fmt.Sprintf("its field %s still points into the old place, %#x", f, m.old))
		}
	}
	return p
}

func (m *flMoving) String() string { return fmt.Sprintf("at %p", m.g) }
func (m *flMoving) flShownFields() {}

// flPointsInto names a field of v, a slice or pointer, that points into
// [lo, hi).
func flPointsInto(v reflect.Value, path string, lo, hi uintptr, depth int) string {
	if depth > 4 {
		return ""
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Pointer, reflect.UnsafePointer:
		if !v.IsNil() && v.Pointer() >= lo && v.Pointer() < hi {
			return path
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Name
			if path != "" {
				name = path + "." + name
			}
			if f := flPointsInto(v.Field(i), name, lo, hi, depth+1); f != "" {
				return f
			}
		}
	}
	return ""
}

// TestTrace is what "futurelings trace pinned" shows: the learner's
// MovableGreeting polled once, moved to a new address, and polled again
// there. It is not a check.
func TestTrace(t *testing.T) {
	flTrace(`NewMovableGreeting(NewInput("Ferris")), moved between its polls`,
		func() core.Future[string] {
			return &flMoving{g: pinned.NewMovableGreeting(pinned.NewInput("Ferris"))}
		},
		"Pending, woke 1×",
		`Ready("Hello, Ferris")`)
}
