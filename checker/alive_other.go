//go:build !unix

package checker

import "os"

// processAlive reports whether a process with this pid exists; where that
// cannot be asked cheaply, a run folder is kept until it is a day old.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
