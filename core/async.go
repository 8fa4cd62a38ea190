package core

import (
	"iter"
	"runtime"
)

// Awaiter is the handle an [Async] body uses to wait on other futures. It is
// only valid inside the body it was passed to.
type Awaiter struct {
	task *asyncTask
}

// asyncTask is the part of an Async future that its coroutine can see. The
// handle the caller holds (asyncFuture) is kept apart from it, so that the
// coroutine's stack never keeps the handle alive and an abandoned handle can
// be collected, which stops the coroutine.
type asyncTask struct {
	yield   func(struct{}) bool // suspends the body; false means the future was dropped
	cx      *Context            // the context of the poll in progress
	running bool                // inside a Poll, so Await is allowed
	dropped bool                // the future was dropped while suspended
}

// abandoned is the panic value that unwinds a body whose future was dropped
// while suspended. Deferred calls in the body still run.
type abandoned struct{}

func (abandoned) String() string { return "core: Async future dropped while suspended in Await" }

type asyncFuture[T any] struct {
	body   func(*Awaiter) T
	task   *asyncTask
	next   func() (struct{}, bool)
	stop   func()
	result T
	state  asyncState
	// cleanup ends the coroutine if the future is collected unfinished; it
	// is cancelled once the coroutine has ended, so a finished or dropped
	// future leaves nothing for the collector to run.
	cleanup runtime.Cleanup
}

type asyncState uint8

const (
	asyncNew asyncState = iota
	asyncSuspended
	asyncDone
	asyncDropped
	asyncPanicked
)

// Async turns sequential code into a future. The body runs on its first poll
// and, each time it awaits a future that is Pending, the whole Async future
// returns Pending to its poller; the next poll resumes the body exactly where
// it stopped. When the body returns, the future is Ready with its result.
//
// This is what Rust's async fn does, built on a coroutine instead of a
// compiler-generated state machine. The price is memory: a suspended Async
// future owns a goroutine stack (a few kilobytes), where a hand-written
// state machine holds only its fields.
//
// A future that is abandoned before it finishes releases its coroutine when
// the garbage collector finds it unreachable, or at once with [Drop]. Either
// way the body is unwound from the Await it is suspended in, so its deferred
// calls run: at once with Drop, and on a runtime goroutine after a
// collection, so keep them short. (A body that refers to its own future
// keeps it reachable; only Drop ends that one.)
func Async[T any](body func(aw *Awaiter) T) Future[T] {
	return &asyncFuture[T]{body: body, task: &asyncTask{}}
}

// Poll runs the body until it finishes or awaits a pending future.
func (f *asyncFuture[T]) Poll(cx *Context) Poll[T] {
	switch f.state {
	case asyncDone:
		panic("core: Async future polled after completion")
	case asyncDropped:
		panic("core: Async future polled after Drop")
	case asyncPanicked:
		panic("core: Async future polled again after its body panicked")
	case asyncNew:
		f.start()
	}
	t := f.task
	t.cx, t.running = cx, true
	f.state = asyncPanicked // stays so only if the body panics through next
	_, suspended := f.next()
	t.cx, t.running = nil, false
	if suspended {
		f.state = asyncSuspended
		return Pending[T]()
	}
	f.state = asyncDone
	f.release()
	return Ready(f.result)
}

func (f *asyncFuture[T]) start() {
	t, body := f.task, f.body
	result := new(T)
	seq := func(yield func(struct{}) bool) {
		defer func() {
			// However the body ended, its Awaiter is no longer usable.
			t.running, t.cx = false, nil
			if r := recover(); r != nil {
				if _, ok := r.(abandoned); !ok {
					panic(r)
				}
			}
		}()
		t.yield = yield
		*result = body(&Awaiter{task: t})
	}
	next, stop := iter.Pull(seq)
	f.next = func() (struct{}, bool) {
		v, ok := next()
		if !ok {
			f.result = *result
		}
		return v, ok
	}
	f.stop = stop
	f.body = nil
	f.state = asyncSuspended
	// The cleanup gets only stop, which reaches the task but not f, so it
	// does not keep f alive.
	f.cleanup = runtime.AddCleanup(f, func(stop func()) { stop() }, stop)
}

// release ends the coroutine, if it still runs, and cancels the cleanup.
func (f *asyncFuture[T]) release() {
	f.stop()
	f.cleanup.Stop()
}

// drop ends a suspended body early. Its deferred calls run.
func (f *asyncFuture[T]) drop() {
	if f.state == asyncSuspended {
		f.release()
	}
	if f.state != asyncDone {
		f.state = asyncDropped
	}
}

// Await waits for fut inside an [Async] body and returns its value. While fut
// is Pending, the Async future returns Pending to its own poller, and fut is
// polled again, with the new context, when the Async future is.
func Await[T any](aw *Awaiter, fut Future[T]) T {
	if aw == nil || aw.task == nil {
		panic("core: Await needs the *Awaiter passed to an Async body")
	}
	t := aw.task
	for {
		if t.dropped {
			panic("core: Await called after its Async future was dropped " +
				"(did the body recover the panic that unwinds it?)")
		}
		if !t.running {
			panic("core: Await called outside the poll of its Async future " +
				"(was the Awaiter kept after the body returned, or used on another goroutine?)")
		}
		if v, ok := fut.Poll(t.cx).Value(); ok {
			return v
		}
		t.running = false
		if !t.yield(struct{}{}) {
			t.dropped = true
			// Dropping an async fn's future drops the future it is
			// suspended on, so pass the Drop down before unwinding.
			Drop(fut)
			panic(abandoned{})
		}
	}
}
