//go:build unix

package checker

import (
	"os"
	"syscall"
)

// tryLock takes an exclusive lock on the file at path without waiting. The
// lock goes with the process: a killed command leaves none behind.
func tryLock(path string) (unlock func(), ok bool) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}
