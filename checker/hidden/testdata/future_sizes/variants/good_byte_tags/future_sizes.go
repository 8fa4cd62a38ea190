// Package futuresizes: a solution that keeps every tag in a byte and orders
// the fields so that no field is word-sized. The sizes then come out the
// same on every platform, and the predictions are plain numbers.
package futuresizes

import (
	"unsafe"

	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Word is the size of a pointer on this platform.
const Word = unsafe.Sizeof(uintptr(0))

// No field below is a word, a pointer or an interface, so none of these
// depends on the platform.
const (
	PredictNoAwaits            uintptr = 0    // no fields at all
	PredictOneAwait            uintptr = 12   // fut 8, started and done 1 each, 2 padding
	PredictHoldsBigData        uintptr = 1036 // buf 1024, fut 8, state 1, 3 padding
	PredictHoldsBigDataTrimmed uintptr = 12   // fut 8, first 1, state 1, 2 padding
)

// NoAwaits has nothing to remember: every poll is Ready(42).
type NoAwaits struct{}

func NewNoAwaits() *NoAwaits { return &NoAwaits{} }

func (*NoAwaits) Poll(*core.Context) core.Poll[uint32] { return core.Ready[uint32](42) }

type OneAwait struct {
	fut     yieldonce.YieldOnce[uint32]
	started bool
	done    bool
}

func NewOneAwait() *OneAwait { return &OneAwait{} }

func (f *OneAwait) Poll(cx *core.Context) core.Poll[uint32] {
	if f.done {
		panic("OneAwait polled after completion")
	}
	if !f.started {
		f.started = true
		f.fut = NewYieldOnce[uint32](42)
	}
	p := f.fut.Poll(cx)
	f.done = p.IsReady()
	return p
}

const (
	start uint8 = iota
	waiting
	done
)

type HoldsBigData struct {
	buf   [1024]byte
	fut   yieldonce.YieldOnce[uint32]
	state uint8
}

func NewHoldsBigData() *HoldsBigData { return &HoldsBigData{} }

func (f *HoldsBigData) Poll(cx *core.Context) core.Poll[uint32] {
	switch f.state {
	case start:
		for i := range f.buf {
			f.buf[i] = 0
		}
		f.fut = NewYieldOnce[uint32](0)
		f.state = waiting
		fallthrough
	case waiting:
		if f.fut.Poll(cx).IsPending() {
			return core.Pending[uint32]()
		}
		f.state = done
		return core.Ready(uint32(f.buf[0]))
	}
	panic("HoldsBigData polled after completion")
}

type HoldsBigDataTrimmed struct {
	fut   yieldonce.YieldOnce[uint32]
	first byte
	state uint8
}

func NewHoldsBigDataTrimmed() *HoldsBigDataTrimmed { return &HoldsBigDataTrimmed{} }

func (f *HoldsBigDataTrimmed) Poll(cx *core.Context) core.Poll[uint32] {
	switch f.state {
	case start:
		buf := make([]byte, 1024)
		f.first = buf[0]
		f.fut = NewYieldOnce[uint32](0)
		f.state = waiting
		fallthrough
	case waiting:
		if f.fut.Poll(cx).IsPending() {
			return core.Pending[uint32]()
		}
		f.state = done
		return core.Ready(uint32(f.first))
	}
	panic("HoldsBigDataTrimmed polled after completion")
}
