//go:build linux

package gotest

import (
	"fmt"
	"os"
	"syscall"
)

// stampOf identifies a file's contents cheaply: any write to it, and any
// change of its times, changes its inode change time, which no program
// can set.
func stampOf(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
	}
	return fmt.Sprint(st.Dev, st.Ino, st.Size, st.Ctim.Sec, st.Ctim.Nsec)
}
