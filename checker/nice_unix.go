//go:build unix

package checker

import "syscall"

// lowerPriority lets the process run only on what the check leaves idle.
func lowerPriority(pid int) { syscall.Setpriority(syscall.PRIO_PROCESS, pid, 19) }
