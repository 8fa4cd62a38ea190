package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fatih/color"
)

// The notice of a slow build does not run on from the progress bar's line:
// it takes the line, and the bar is drawn again under it.
func TestProgressBarMakesRoomForTheSlowBuildNotice(t *testing.T) {
	color.NoColor = true
	var b strings.Builder
	onDone, onSlow := progressBar(&b, func() { fmt.Fprintln(&b, "Building the checks…") })
	onDone(0, 15)
	onSlow()
	onDone(1, 15)
	want := "\r[------------------------------] 0/15 checked" +
		"\r\x1b[KBuilding the checks…\n" +
		"\r[------------------------------] 0/15 checked" +
		"\r[##----------------------------] 1/15 checked"
	if b.String() != want {
		t.Errorf("the terminal got\n%q\nwant\n%q", b.String(), want)
	}
}
