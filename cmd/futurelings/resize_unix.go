//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// terminalResized tells when the terminal changes size (SIGWINCH), until
// stop is called. A burst of changes may be told as one.
func terminalResized() (resized <-chan struct{}, stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	out := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sig:
				select {
				case out <- struct{}{}:
				default: // one is waiting already
				}
			case <-done:
				return
			}
		}
	}()
	return out, func() { signal.Stop(sig); close(done) }
}
