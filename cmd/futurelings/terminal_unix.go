//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package main

import (
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// keysMode puts the terminal fd into a raw mode for single keys: no line
// editing, no echo, no signals from Ctrl-C (it arrives as byte 3). Unlike
// term.MakeRaw it leaves output processing on, so "\n" still moves to the
// start of the next line and everything that prints, whichever package it
// is in, prints as usual. It returns the function that restores the
// terminal as it was.
func keysMode(fd int) (restore func() error, err error) {
	old, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, t); err != nil {
		return nil, err
	}
	return func() error { return term.Restore(fd, old) }, nil
}

// keysModeKeepsNewlines is true: keysMode leaves output processing on.
const keysModeKeepsNewlines = true
