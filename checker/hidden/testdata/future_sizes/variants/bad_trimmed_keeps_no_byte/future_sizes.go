// Package futuresizes, wrong: HoldsBigDataTrimmed keeps no byte at all and
// returns a 0 of its own, since the buffer is all zeros anyway.
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
// yieldonce.YieldOnce[uint32] is 8 bytes everywhere: value (4) at 0, yielded and done
// (1 each) at 4 and 5, and 2 bytes of padding to round 6 up to a multiple of
// 4, its alignment.
const (
	// done: one bool.
	PredictNoAwaits uintptr = 1
	// state (a word) at 0, then fut (8) at offset Word, which is a multiple
	// of 4; Word + 8 is already a multiple of Word.
	PredictOneAwait = Word + 8
	// state (a word), buf (1024) right after it, fut (8) at Word + 1024, still
	// a multiple of 4; no padding anywhere.
	PredictHoldsBigData = Word + 1024 + 8
	// state and first are bytes (at 0 and 1), 2 bytes of padding put fut at
	// offset 4: 1 + 1 + 2 + 8, the same on every platform because no field
	// is word-sized.
	PredictHoldsBigDataTrimmed uintptr = 12
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
	if f.done {
		panic("NoAwaits polled after completion")
	}
	f.done = true
	return core.Ready[uint32](42)
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
	for {
		switch f.state {
		case oneAwaitStart:
			f.fut = NewYieldOnce(uint32(42))
			f.state = oneAwaitWaiting
		case oneAwaitWaiting:
			v, ok := f.fut.Poll(cx).Value()
			if !ok {
				return core.Pending[uint32]()
			}
			f.state = oneAwaitDone
			return core.Ready(v)
		default:
			panic("OneAwait polled after completion")
		}
	}
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
	for {
		switch f.state {
		case bigStart:
			f.buf = [1024]byte{}
			f.fut = NewYieldOnce(uint32(0))
			f.state = bigWaiting
		case bigWaiting:
			if f.fut.Poll(cx).IsPending() {
				return core.Pending[uint32]()
			}
			f.state = bigDone
			return core.Ready(uint32(f.buf[0]))
		default:
			panic("HoldsBigData polled after completion")
		}
	}
}

// HoldsBigDataTrimmed computes what HoldsBigData does, but keeps only the
// byte it returns across the await. Its tag is a byte, as Rust's would be.
type HoldsBigDataTrimmed struct {
	state uint8 // bigStart, bigWaiting or bigDone
	fut   yieldonce.YieldOnce[uint32]
}

// NewHoldsBigDataTrimmed returns the future in its start state.
func NewHoldsBigDataTrimmed() *HoldsBigDataTrimmed {
	return &HoldsBigDataTrimmed{state: bigStart}
}

// Poll does what HoldsBigData.Poll does, keeping one byte across the await.
func (f *HoldsBigDataTrimmed) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch f.state {
		case bigStart:
			f.fut = NewYieldOnce(uint32(0))
			f.state = bigWaiting
		case bigWaiting:
			if f.fut.Poll(cx).IsPending() {
				return core.Pending[uint32]()
			}
			f.state = bigDone
			return core.Ready[uint32](0)
		default:
			panic("HoldsBigDataTrimmed polled after completion")
		}
	}
}
