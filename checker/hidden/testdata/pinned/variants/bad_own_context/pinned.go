// Package pinned: MovableGreeting polls the read with a context of its own and
// wakes cx itself: the Input's wake goes nowhere.
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
// by value is reported wherever vet sees it copied in the code (not where
// append or reflection copies it). It takes no space.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// Greeting is greet by hand, with what rustc keeps across its await: buf,
// and the Read that holds a slice of it, side by side in one struct. Its
// guard makes go vet report the copies of it that it sees in the code, which
// is as near as Go comes to !Unpin.
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

// MovableGreeting polls the read with a context of its own and wakes cx itself:
// the Input's wake goes nowhere.
type MovableGreeting struct {
	state int
	in    *Input
	buf   [32]byte
	name  int
}

func NewMovableGreeting(in *Input) *MovableGreeting { return &MovableGreeting{in: in} }

func (g *MovableGreeting) Poll(cx *core.Context) core.Poll[string] {
	switch g.state {
	case greetStart:
		g.name = copy(g.buf[:], "Hello, ")
		g.state = greetReading
		fallthrough
	case greetReading:
		n, ok := g.in.PollRead(core.NewContext(nil), g.buf[g.name:]).Value()
		if !ok {
			cx.Waker().Wake()
			return core.Pending[string]()
		}
		g.state = greetDone
		return core.Ready(string(g.buf[:g.name+n]))
	}
	panic("pinned: MovableGreeting polled after completion")
}
