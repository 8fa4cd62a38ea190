//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the scripts' own commands.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// alive FILE succeeds when a process listed in FILE still runs (and
	// then stops it); "! alive FILE" checks that none does. FILE may be
	// stdout, the last command's: the processes are then those on its line
	// "pids: ...", which code under check, which may write no file, prints.
	"alive": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 1 {
			ts.Fatalf("usage: alive FILE")
		}
		data := ts.ReadFile(args[0])
		if args[0] == "stdout" {
			_, rest, ok := strings.Cut(data, "pids: ")
			if !ok {
				ts.Fatalf("no line 'pids: ...' in stdout")
			}
			data, _, _ = strings.Cut(rest, "\n")
		}
		var running []string
		for _, f := range strings.Fields(data) {
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
	// logging-go DIR writes DIR/go, a go command that adds the command it
	// is asked for (its first two arguments) to $WORK/go.log before it
	// runs the real one: put DIR first on PATH to see what futurelings
	// asks of the go command.
	"logging-go": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: logging-go DIR")
		}
		real, err := exec.LookPath("go")
		ts.Check(err)
		dir := ts.MkAbs(args[0])
		ts.Check(os.MkdirAll(dir, 0o755))
		log := ts.MkAbs("go.log")
		script := "#!/bin/sh\necho \"$1 $2\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n"
		ts.Check(os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755))
	},
}
