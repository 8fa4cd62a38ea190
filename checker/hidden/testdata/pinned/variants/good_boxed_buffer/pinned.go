// Package pinned: MovableGreeting keeps its buffer on the heap, as a Box would: the
// Read points into that box, not into the struct, so a copy of the struct
// still reads into the same place (Pin<Box<T>> is Unpin).
package pinned

import "github.com/futurelings/futurelings/core"

// The states of both greetings.
const (
	greetStart   = iota // nothing has run yet
	greetReading        // "Hello, " is in buf; waiting for the name
	greetDone           // Ready has been returned
)

// noCopy is the guard: a *noCopy is a sync.Locker and a noCopy is not,
// which is what go vet's copylocks check looks for. A struct that holds one
// by value is reported wherever it is copied. It takes no space.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// Greeting is greet by hand, with what rustc keeps across its await: buf,
// and the Read that holds a slice of it, side by side in one struct. Its guard makes go
// vet report any copy of it, which is as near as Go comes to !Unpin.
type Greeting struct {
	_     noCopy
	state int
	in    *Input
	buf   [32]byte
	read  Read // reads into buf[7:]: a pointer into this very struct
}

// NewGreeting returns a Greeting that reads the name from in.
func NewGreeting(in *Input) *Greeting {
	return &Greeting{in: in}
}

// Poll writes "Hello, " into buf, reads the name after it, and returns the
// whole greeting.
func (g *Greeting) Poll(cx *core.Context) core.Poll[string] {
	switch g.state {
	case greetStart:
		n := copy(g.buf[:], "Hello, ")
		g.read = NewRead(g.in, g.buf[n:])
		g.state = greetReading
		fallthrough
	case greetReading:
		n, ok := g.read.Poll(cx).Value()
		if !ok {
			return core.Pending[string]()
		}
		g.state = greetDone
		return core.Ready(string(g.buf[:len("Hello, ")+n]))
	}
	panic("pinned: Greeting polled after completion")
}

// MovableGreeting does what Greeting does, and can be copied between polls:
// it keeps where the name goes as an index into buf, not as a slice of it,
// so a copy carries everything it needs with it.
type MovableGreeting struct {
	state int
	in    *Input
	buf   *[32]byte // boxed: it stays where it is when the struct moves
	read  Read
}

// NewMovableGreeting returns a MovableGreeting that reads the name from in.
func NewMovableGreeting(in *Input) *MovableGreeting {
	return &MovableGreeting{in: in, buf: new([32]byte)}
}

// Poll writes "Hello, " into buf, reads the name after it, and returns the
// whole greeting.
func (g *MovableGreeting) Poll(cx *core.Context) core.Poll[string] {
	switch g.state {
	case greetStart:
		g.read = NewRead(g.in, g.buf[copy(g.buf[:], "Hello, "):])
		g.state = greetReading
		fallthrough
	case greetReading:
		// The slice is taken from wherever g is now, in this poll, and
		// not kept: a copy of g made before this poll reads into its own
		// buf.
		n, ok := g.read.Poll(cx).Value()
		if !ok {
			return core.Pending[string]()
		}
		g.state = greetDone
		return core.Ready(string(g.buf[:len("Hello, ")+n]))
	}
	panic("pinned: MovableGreeting polled after completion")
}
