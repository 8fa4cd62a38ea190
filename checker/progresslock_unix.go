//go:build unix

package checker

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockPath takes an exclusive lock on the file at path, creating it, and
// waits for it. The lock goes with the process: a killed command never
// leaves it held.
func lockPath(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
