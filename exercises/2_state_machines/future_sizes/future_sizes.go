// Package futuresizes is about what a future costs to keep. It has you write
// the state machines for three small functions from the lesson,
//
//	async fn no_awaits() -> u32 { 42 }
//
//	async fn one_await() -> u32 { yield_once(42).await }
//
//	async fn holds_big_data() -> u32 {
//	    let buf = [0u8; 1024];
//	    yield_once(0).await;
//	    buf[0] as u32
//	}
//
// plus a slimmer holds_big_data that reads the byte it needs before the
// await,
//
//	async fn holds_big_data_trimmed() -> u32 {
//	    let first = { let buf = [0u8; 1024]; buf[0] };
//	    yield_once(0).await;
//	    first as u32
//	}
//
// and to predict how many bytes each one takes before the checks measure it.
//
// # A future is as big as what it keeps between polls
//
// Nothing runs between two polls, so whatever the rest of a function still
// needs after an .await has to be stored in the future: the sub-future it is
// waiting on, and every local variable read after that point. no_awaits keeps
// nothing but whether it has finished. one_await keeps its YieldOnce.
// holds_big_data keeps its YieldOnce and, because buf[0] is read after the
// await, the whole 1024-byte buf, although one byte of it would do. That is
// the trimmed version: read the byte before the await and keep only that.
//
// # Measuring: size_of_val and unsafe.Sizeof
//
// Rust's std::mem::size_of_val(&fut) takes a reference and reports the size
// of the value it refers to. Go's unsafe.Sizeof(x) reports the size of x
// itself, whatever x is: give it the *OneAwait that NewOneAwait returns and
// you get the size of a pointer, one word, however big the future is.
// Measure the struct instead: unsafe.Sizeof(OneAwait{}) or unsafe.Sizeof(*f).
//
// Both count only the bytes inside the value. What a pointer, slice, map or
// interface refers to lives elsewhere and is not counted, just as Rust does
// not count what a Box or a Vec owns. Nor does either count what an
// executor adds to every task it runs (the task's state, its links in the
// executor's queues, the waker of whoever awaits its result): the size of a
// future is where the cost of a task starts.
//
// # Enum against struct
//
// Rust keeps the states of a future as the variants of one enum. Only one
// variant is alive at a time, so they all share the same bytes: the enum is
// as big as its largest variant plus a tag (a byte, here) saying which one
// is alive. Go has no such union. A Go struct holds all of its fields at
// once, so a state machine written as one struct is the sum of the fields of
// all its states, plus padding. To make states share memory the way Rust's
// do, you would keep the current state behind an interface or a pointer; it
// would then live on the heap, where unsafe.Sizeof does not see it. The
// futures here have one interesting state each, so the sum and the largest
// variant come out nearly the same.
//
// # What rustc really makes of them
//
// That enum is the ideal, and rustc 1.95 is close to it. Its
// -Zprint-type-sizes flag (RUSTC_BOOTSTRAP=1 rustc --edition 2021
// -Zprint-type-sizes) prints the layout of every future it builds; for the
// lesson's four functions, on a 64-bit target, with the lesson's YieldOnce
// (12 bytes, because its value is an Option<u32>):
//
//	print-type-size type: `{async fn body of no_awaits()}`: 1 bytes, alignment: 1 bytes
//	print-type-size type: `{async fn body of one_await()}`: 16 bytes, alignment: 4 bytes
//	print-type-size type: `{async fn body of holds_big_data()}`: 1040 bytes, alignment: 4 bytes
//	print-type-size type: `{async fn body of holds_big_data_trimmed()}`: 16 bytes, alignment: 4 bytes
//
// no_awaits is just its tag: not started, finished, or panicked, in one
// byte. one_await is the tag and the YieldOnce it awaits, rounded up to a
// multiple of 4. holds_big_data keeps the buffer and the YieldOnce across
// its await, 1024 bytes more than one_await, exactly as the lesson says. The
// trimmed version is as small as one_await: the byte it keeps fits in
// padding that one_await leaves unused. Beyond the tag and one variant per
// await, rustc adds a Panicked state the lesson leaves out, keeps an async
// fn's arguments in every state (add_slowly shows it), and lets locals that
// are never alive at the same time share bytes.
//
// # How a struct is laid out
//
// Every field starts at an offset that is a multiple of its alignment, so
// the compiler may leave unused bytes, padding, in front of it. The struct's
// size is then rounded up to a multiple of its largest alignment, so that in
// an array of them every element starts aligned too. The sizes to know:
//
//	bool, byte, uint8, int8           1
//	uint16, int16                     2
//	uint32, int32, float32, rune      4
//	uint64, int64, float64            8 (aligned to 4 on 32-bit platforms)
//	int, uint, uintptr, pointers,
//	maps, channels, funcs             one word
//	strings, interfaces               two words
//	slices                            three words
//	[N]T                              N times T, aligned like T
//	struct{...}                       its fields and padding, aligned like its most aligned field
//
// A word is 8 bytes on 64-bit platforms (amd64, arm64) and 4 on 32-bit ones
// (386, arm): that is the constant Word below.
//
// For example, struct{ a bool; b uint32; c bool } takes 12 bytes: a at
// offset 0, three bytes of padding so that b starts at 4, c at 8, and three
// more bytes to round 9 up to a multiple of 4. Declare c right after a and it
// takes 8.
//
// # What to write
//
//  1. Poll for NoAwaits, OneAwait and HoldsBigData. NoAwaits is Ready(42) on
//     its first poll. OneAwait creates a YieldOnce(42), polls it and passes
//     its answer on: Pending the first time, Ready(42) the second.
//     HoldsBigData fills its buffer with zeros, awaits a YieldOnce(0) the same
//     way, and then returns buf[0].
//  2. HoldsBigDataTrimmed: the same function, but it keeps only what is needed
//     after the await, the one byte, not the buffer. Change its fields and
//     write its Poll.
//  3. Your predictions, the four constants below. Work each out by hand from
//     the fields; the checks compare them with unsafe.Sizeof and, when they
//     differ, show you the layout. Write them as constant expressions that
//     hold on every platform, with Word for whatever is word-sized: the
//     checks also work them out for a 32-bit platform, where a word is 4
//     bytes. Leave unsafe out of them (Word aside): unsafe.Sizeof is the
//     answer, not a prediction. The YieldOnce is yours, from the yield_once
//     exercise: count its fields too.
//
// Keep each future's state inside its struct: no pointer, slice or interface
// to hold the buffer or the sub-future, so that the size shows everything
// the future keeps, as Rust's enum does. You may change the fields of all
// four types as long as your predictions describe what you end up with.
//
// futurelings trace future_sizes polls your NoAwaits and OneAwait and prints
// their fields around each poll: all that each future keeps between polls.
package futuresizes

import (
	"unsafe"

	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Word is the size in bytes of an int, a uint, a uintptr or a pointer on the
// platform you build for: 8 on 64-bit platforms, 4 on 32-bit ones. (Given.)
const Word = unsafe.Sizeof(uintptr(0))

// Your predictions: the number of bytes unsafe.Sizeof reports for a value of
// each future type (the struct, not a pointer to it).
//
// TODO: replace every 0 with your prediction, written as a constant
// expression such as 2*Word + 4.
const (
	PredictNoAwaits            uintptr = 0
	PredictOneAwait            uintptr = 0
	PredictHoldsBigData        uintptr = 0
	PredictHoldsBigDataTrimmed uintptr = 0
)

// NoAwaits is no_awaits by hand. With no .await, the only thing to remember
// is whether the value has been handed out.
type NoAwaits struct {
	done bool
}

// NewNoAwaits returns the future; nothing runs until it is polled.
func NewNoAwaits() *NoAwaits {
	return &NoAwaits{}
}

// Poll returns Ready(42): no_awaits has nothing to wait for.
func (f *NoAwaits) Poll(cx *core.Context) core.Poll[uint32] {
	// TODO: return Ready(42) on the first poll, and remember that it is
	// done (a second poll is a bug in the caller: panic).
	return core.Pending[uint32]()
}

// The states of OneAwait.
const (
	oneAwaitStart   = iota // nothing has run yet
	oneAwaitWaiting        // stopped at the .await; fut is YieldOnce(42)
	oneAwaitDone           // Ready has been returned
)

// OneAwait is one_await by hand: a state tag and the YieldOnce it awaits.
type OneAwait struct {
	state int // oneAwaitStart, oneAwaitWaiting or oneAwaitDone
	fut   yieldonce.YieldOnce[uint32]
}

// NewOneAwait returns the future in its start state.
func NewOneAwait() *OneAwait {
	return &OneAwait{state: oneAwaitStart}
}

// Poll awaits YieldOnce(42) and returns its value.
func (f *OneAwait) Poll(cx *core.Context) core.Poll[uint32] {
	// TODO: in oneAwaitStart, store NewYieldOnce(uint32(42)) in f.fut and
	// move to oneAwaitWaiting. In oneAwaitWaiting, poll f.fut with cx:
	// return its Pending as it is; on Ready(v), move to oneAwaitDone and
	// return Ready(v). In oneAwaitDone, panic: it was polled after
	// completion.
	return core.Pending[uint32]()
}

// The states of HoldsBigData.
const (
	bigStart   = iota // nothing has run yet
	bigWaiting        // stopped at the .await; buf and fut are alive
	bigDone           // Ready has been returned
)

// HoldsBigData is holds_big_data by hand. buf is read after the await, so the
// future has to keep all of it while it waits.
type HoldsBigData struct {
	state int // bigStart, bigWaiting or bigDone
	buf   [1024]byte
	fut   yieldonce.YieldOnce[uint32]
}

// NewHoldsBigData returns the future in its start state.
func NewHoldsBigData() *HoldsBigData {
	return &HoldsBigData{state: bigStart}
}

// Poll fills the buffer, awaits YieldOnce(0), and returns buf[0].
func (f *HoldsBigData) Poll(cx *core.Context) core.Poll[uint32] {
	// TODO: in bigStart, set f.buf to 1024 zero bytes, store
	// NewYieldOnce(uint32(0)) in f.fut and move to bigWaiting. In
	// bigWaiting, poll f.fut: pass Pending on; on Ready, move to bigDone and
	// return Ready(uint32(f.buf[0])). In bigDone, panic.
	return core.Pending[uint32]()
}

// HoldsBigDataTrimmed computes what HoldsBigData does, but should keep only
// what it needs after the await.
//
// TODO: as given, its fields are those of HoldsBigData, buffer and all.
// Replace buf with the one byte that Poll needs once the YieldOnce is
// Ready. The buffer can be a local variable of Poll: it is only needed
// before the await.
type HoldsBigDataTrimmed struct {
	state int // bigStart, bigWaiting or bigDone
	buf   [1024]byte
	fut   yieldonce.YieldOnce[uint32]
}

// NewHoldsBigDataTrimmed returns the future in its start state.
func NewHoldsBigDataTrimmed() *HoldsBigDataTrimmed {
	return &HoldsBigDataTrimmed{state: bigStart}
}

// Poll does what HoldsBigData.Poll does, keeping one byte across the await.
func (f *HoldsBigDataTrimmed) Poll(cx *core.Context) core.Poll[uint32] {
	// TODO: in bigStart, make the zero-filled buffer a local variable, keep
	// buf[0] in a field, and await YieldOnce(0) as HoldsBigData does. On
	// Ready, return Ready of the byte you kept.
	return core.Pending[uint32]()
}
