// Package blockon: std::thread::park by hand: a notified bit set by CompareAndSwap, so
// that only one wake per poll sends on the channel.
package blockon

import (
	"sync/atomic"

	"github.com/futurelings/futurelings/core"
)

// parker is thread::park by hand: a notified bit, and a channel that
// carries at most one token because only the wake that sets the bit sends.
type parker struct {
	notified atomic.Bool
	ch       chan struct{}
}

func (p *parker) Wake() {
	if p.notified.CompareAndSwap(false, true) {
		p.ch <- struct{}{}
	}
}

func (p *parker) park() {
	<-p.ch
	p.notified.Store(false)
}

func BlockOn[T any](f core.Future[T]) T {
	p := &parker{ch: make(chan struct{}, 1)}
	cx := core.NewContext(p)
	for {
		if r := f.Poll(cx); r.IsReady() {
			return r.Unwrap()
		}
		p.park()
	}
}
