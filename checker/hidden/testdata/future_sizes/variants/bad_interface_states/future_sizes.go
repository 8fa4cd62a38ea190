// Wrong for this exercise, though it runs: OneAwait and HoldsBigDataTrimmed
// keep their states behind a sealed interface, so the sub-future lives on
// the heap and unsafe.Sizeof sees only the interface's two words.
package futuresizes

import (
	"unsafe"

	"github.com/futurelings/futurelings/core"
	yieldonce "github.com/futurelings/futurelings/exercises/2_state_machines/yield_once"
)

// Word is the size of a pointer on this platform.
const Word = unsafe.Sizeof(uintptr(0))

const (
	PredictNoAwaits            uintptr = 1             // one bool
	PredictOneAwait                    = 2 * Word      // an interface
	PredictHoldsBigData                = 1024 + 2*Word // the buffer, then an interface at a multiple of Word
	PredictHoldsBigDataTrimmed         = 2 * Word      // an interface
)

type NoAwaits struct{ finished bool }

func NewNoAwaits() *NoAwaits { return new(NoAwaits) }

func (f *NoAwaits) Poll(*core.Context) core.Poll[uint32] {
	if f.finished {
		panic("NoAwaits polled after completion")
	}
	f.finished = true
	return core.Ready[uint32](42)
}

// state is one of the structs below.
type state interface{ isState() }

type started struct{}

type awaiting struct{ fut yieldonce.YieldOnce[uint32] }

type awaitingByte struct {
	first byte
	fut   yieldonce.YieldOnce[uint32]
}

type finished struct{}

func (started) isState()       {}
func (*awaiting) isState()     {}
func (*awaitingByte) isState() {}
func (finished) isState()      {}

type OneAwait struct{ st state }

func NewOneAwait() *OneAwait { return &OneAwait{st: started{}} }

func (f *OneAwait) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.st.(type) {
		case started:
			f.st = &awaiting{fut: NewYieldOnce[uint32](42)}
		case *awaiting:
			p := s.fut.Poll(cx)
			if p.IsReady() {
				f.st = finished{}
			}
			return p
		default:
			panic("OneAwait polled after completion")
		}
	}
}

type HoldsBigData struct {
	buf [1024]byte
	st  state
}

func NewHoldsBigData() *HoldsBigData { return &HoldsBigData{st: started{}} }

func (f *HoldsBigData) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.st.(type) {
		case started:
			f.buf = [1024]byte{}
			f.st = &awaiting{fut: NewYieldOnce[uint32](0)}
		case *awaiting:
			if s.fut.Poll(cx).IsPending() {
				return core.Pending[uint32]()
			}
			f.st = finished{}
			return core.Ready(uint32(f.buf[0]))
		default:
			panic("HoldsBigData polled after completion")
		}
	}
}

type HoldsBigDataTrimmed struct{ st state }

func NewHoldsBigDataTrimmed() *HoldsBigDataTrimmed { return &HoldsBigDataTrimmed{st: started{}} }

func (f *HoldsBigDataTrimmed) Poll(cx *core.Context) core.Poll[uint32] {
	for {
		switch s := f.st.(type) {
		case started:
			var buf [1024]byte
			f.st = &awaitingByte{first: buf[0], fut: NewYieldOnce[uint32](0)}
		case *awaitingByte:
			if s.fut.Poll(cx).IsPending() {
				return core.Pending[uint32]()
			}
			f.st = finished{}
			return core.Ready(uint32(s.first))
		default:
			panic("HoldsBigDataTrimmed polled after completion")
		}
	}
}
