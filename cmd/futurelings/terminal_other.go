//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package main

import "golang.org/x/term"

// keysMode puts the terminal fd into raw mode for single keys and returns
// the function that restores it. Here it is term.MakeRaw's raw mode, which
// may turn output processing off; the caller then writes "\r\n" for "\n".
func keysMode(fd int) (restore func() error, err error) {
	old, err := term.MakeRaw(fd)
	if err != nil {
		return nil, err
	}
	return func() error { return term.Restore(fd, old) }, nil
}

// keysModeKeepsNewlines is false: output needs "\r\n" in keysMode.
const keysModeKeepsNewlines = false
