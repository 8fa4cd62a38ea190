package gotest

import (
	"os/exec"

	"golang.org/x/sys/unix"
)

// askForDump sends SIGQUIT: a Go program prints every goroutine's stack and
// exits, which shows where it was stuck. It goes to the main thread, which
// runs the init functions: a goroutine's stack can only be printed by the
// thread that runs it, and the test framework's own time limit already
// covers a check stuck elsewhere, unless its flags were taken away.
func askForDump(cmd *exec.Cmd) {
	if cmd.Process != nil {
		unix.Tgkill(cmd.Process.Pid, cmd.Process.Pid, unix.SIGQUIT)
	}
}
