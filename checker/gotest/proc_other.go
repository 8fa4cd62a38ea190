//go:build !unix

package gotest

import (
	"os/exec"
	"time"
)

// setProcessGroup: without Unix process groups the go command itself is
// killed; the pipes are closed after a delay so that a test binary it leaves
// behind cannot hold the run open.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = 5 * time.Second
}
