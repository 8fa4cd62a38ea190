//go:build !unix

package gotest

import (
	"os"
	"os/exec"
	"time"
)

// setProcessGroup: without Unix process groups the go command itself is
// killed; the pipes are closed after a delay so that a process it leaves
// behind cannot hold the build open.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.WaitDelay = 5 * time.Second
}

func setTestProcessGroup(*exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}

// askForDump: there is no SIGQUIT; the kill that follows ends the program.
func askForDump(*exec.Cmd) {}

func exitSignal(*os.ProcessState) string { return "" }
