//go:build !unix

package main

// terminalResized tells nothing where there is no SIGWINCH: a screen takes
// the terminal's size when it is drawn.
func terminalResized() (resized <-chan struct{}, stop func()) { return nil, func() {} }
