// Package pinned is about why Rust's poll takes self: Pin<&mut Self>, and
// what the same problem looks like in Go. It has you make one future safe
// from being moved in the two ways there are: by refusing to be moved, and
// by not caring.
//
// # A future that points into itself
//
// An async fn may borrow one of its own locals across an .await:
//
//	async fn greet(input: &mut Input) -> String {
//	    let mut buf = [0u8; 32];
//	    buf[..7].copy_from_slice(b"Hello, ");
//	    let n = input.read(&mut buf[7..]).await; // the read holds &mut buf[7..]
//	    String::from_utf8_lossy(&buf[..7 + n]).into_owned()
//	}
//
// Both buf and the read future live across the .await, so both become
// fields of greet's state machine, and the read future holds a pointer to
// the buf beside it: the future points into itself. Greeting below is that
// state machine by hand: its read field holds a slice of its own buf.
//
// # Moving it breaks it, silently
//
// Moving a value copies its bytes to a new place: the copy's pointer still
// points into the old place. Poll a Greeting once, copy it, poll the copy,
// and the read writes the name into the old buffer while the copy returns
// its own: "Hello, " followed by six zero bytes. No crash, no error: stale
// data.
//
// Rust rules this out with Pin. A future is polled through a Pin<&mut
// Self>, a promise that it will not move again until it is dropped, and
// safe code cannot get a plain &mut to a pinned value to move it with,
// unless its type is Unpin: a marker that says "moving me is harmless".
// A struct whose fields are all Unpin is Unpin on its own, as the lesson's
// hand-written futures are. The futures rustc makes for async fns are
// never Unpin, even those that borrow nothing (rustc 1.95 refuses
// Pin::new on one: "cannot be unpinned"). Pin::new exists only for Unpin
// targets, so the lesson's Pin::new(&mut sub_future) compiles only because
// its sub-futures are taken to be hand-written structs like YieldOnce;
// were they async fn futures, rustc would refuse it. To poll one of those,
// pin it first: Box::pin(fut) moves it to the heap for good (and a
// Pin<Box<F>> is itself Unpin), std::pin::pin!(fut) pins it on the stack.
//
// # And in Go
//
// Go's garbage collector never moves a heap object, and when a goroutine's
// stack grows and moves, the runtime fixes every pointer into it. So a
// future behind a pointer stays where it is, as long as nobody copies the
// struct itself: moved := *g, a function that takes a Greeting by value,
// or a []Greeting that grows (append copies every element to a new
// array). Go has no Pin to forbid that. Its nearest thing is a guard that
// go vet reports copies of: a field whose type is a struct with Lock and
// Unlock methods on its pointer, as sync.Mutex has. vet's copylocks check
// then reports the copies of a value that contains one wherever it sees
// them in the code: assignments, arguments, return values, range loops
// ("assignment copies lock value"). The standard library puts a noCopy
// field into sync.WaitGroup and sync.Cond for the same reason. It is a
// warning from a tool you run, not a rule the compiler enforces.
//
// The other way is to need no pinning at all: keep where in the buffer to
// read to, an index, instead of a pointer into it, and take the slice
// afresh in each poll (Input.PollRead is given the buffer on every call
// for exactly that). Then a copy carries its index with it, and is as good
// as the original: the future is Unpin, in Rust's words. Most Go futures
// hold no pointer into themselves, and so never need a guard.
//
// # What to write
//
//  1. Greeting: keep it as it is, pointer and all, but make it refuse to be
//     moved. Declare a guard type (noCopy, say) whose pointer has the
//     methods Lock() and Unlock(), doing nothing, and add a field of that
//     type to Greeting, by value. Then write moved := *g somewhere and run
//     go vet on this folder to see the report (and remove it again).
//  2. MovableGreeting: change it so that it can be copied between any two
//     polls. It must not keep a pointer or slice into its own buf (nor its
//     address as a uintptr): keep an index, and hand Input.PollRead a slice
//     of buf in each poll.
//
// Both stay hand-written state machines: no core.Async.
//
// futurelings trace pinned polls your MovableGreeting, moves it to a new
// place between its polls (wiping the old one), and prints where each poll
// found it and what it holds.
package pinned

import "github.com/futurelings/futurelings/core"

// The states of both greetings.
const (
	greetStart   = iota // nothing has run yet
	greetReading        // "Hello, " is in buf; waiting for the name
	greetDone           // Ready has been returned
)

// Greeting is greet by hand, with what rustc keeps across its await: buf,
// and the Read that holds a slice of it, side by side in one struct.
//
// TODO: add a guard that go vet's copylocks check reports copies of.
type Greeting struct {
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

// MovableGreeting does what Greeting does, and can be copied between polls.
//
// TODO: as shipped it is Greeting again, with a slice into its own buf that
// a copy leaves pointing at the old buffer. Keep an index instead.
type MovableGreeting struct {
	state int
	in    *Input
	buf   [32]byte
	read  Read
}

// NewMovableGreeting returns a MovableGreeting that reads the name from in.
func NewMovableGreeting(in *Input) *MovableGreeting {
	return &MovableGreeting{in: in}
}

// Poll writes "Hello, " into buf, reads the name after it, and returns the
// whole greeting.
func (g *MovableGreeting) Poll(cx *core.Context) core.Poll[string] {
	// TODO: keep where the name goes (an index into buf), not a Read that
	// holds a slice of buf, and call g.in.PollRead(cx, g.buf[i:]) here.
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
	panic("pinned: MovableGreeting polled after completion")
}
