//go:build unix && !linux

package gotest

import (
	"os/exec"
	"syscall"
)

// askForDump sends SIGQUIT: a Go program prints every goroutine's stack and
// exits, which shows where it was stuck.
func askForDump(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Signal(syscall.SIGQUIT)
	}
}
