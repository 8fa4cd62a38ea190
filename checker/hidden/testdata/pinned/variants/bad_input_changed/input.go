package pinned

import "github.com/futurelings/futurelings/core"

// This file is given: an input that is not ready at once, and the future
// of one read from it. You do not need to change it.

// Input is where the name comes from: something that has nothing to give
// the first time it is asked, like a socket whose data is still on its way.
type Input struct {
	data  string
	asked bool
}

// NewInput returns an Input that will deliver data.
func NewInput(data string) *Input { return &Input{data: data} }

// PollRead copies the input's data into dst once it has arrived: the first
// call wakes the waker and returns Pending, a later one returns Ready(n)
// with n bytes copied to the start of dst. Like Rust's
// AsyncRead::poll_read, it is handed the buffer on every call and keeps no
// hold of it in between.
func (in *Input) PollRead(cx *core.Context, dst []byte) core.Poll[int] {
	if !in.asked {
		in.asked = true
		cx.Waker().Wake()
		return core.Pending[int]()
	}
	return core.Ready(copy(dst, in.data))
}

// Read is the future of one read from an Input into dst, like the future
// that tokio's reader.read(&mut buf) returns: it holds on to dst, a view of
// someone else's buffer, from its creation until it is Ready.
type Read struct {
	in  *Input
	dst []byte
}

// NewRead returns the future of a read from in into dst.
func NewRead(in *Input, dst []byte) Read { return Read{in: in, dst: dst} }

// Poll reads into the buffer it holds.
func (r *Read) Poll(cx *core.Context) core.Poll[int] { return r.in.PollRead(cx, r.dst) }

// Arrived returns the data once it has been asked for.
func (in *Input) Arrived() string { return in.data }
