//go:build unix

package gotest

import (
	"os/exec"
	"syscall"
	"time"
)

// setProcessGroup starts the go command in a process group of its own and
// makes cancelling kill the whole group: the go command, the compiler and
// the test binaries it started.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 5 * time.Second
}
