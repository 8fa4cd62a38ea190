package core

import "time"

// WaitForLateWake waits up to d for the waker to be called after the last
// step returned, as a future that hands its waker to another goroutine
// would have it, and reports whether it was. Such a wake is not lost: an
// executor polls again when it arrives.
func (r *Recorder[T]) WaitForLateWake(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if r.waker.Count() > r.seen {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}
