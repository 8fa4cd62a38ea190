//go:build unix

package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the scripts' own commands.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// alive FILE succeeds when a process listed in FILE still runs (and
	// then stops it); "! alive FILE" checks that none does.
	"alive": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: alive FILE")
		}
		data, err := os.ReadFile(ts.MkAbs(args[0]))
		ts.Check(err)
		var running []string
		for _, f := range strings.Fields(string(data)) {
			pid, err := strconv.Atoi(f)
			ts.Check(err)
			if err := syscall.Kill(pid, 0); err == nil {
				running = append(running, f)
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		if neg && len(running) > 0 {
			ts.Fatalf("still running: %s", strings.Join(running, " "))
		}
		if !neg && len(running) == 0 {
			ts.Fatalf("none of %s is running", strings.TrimSpace(string(data)))
		}
	},
}
