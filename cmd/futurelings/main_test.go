package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/futurelings/futurelings/checker/bundle"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"futurelings": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real
// binary, the real go command, a real workspace in each script's $WORK.
func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end scripts run the go command")
	}
	env := goEnv(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds:                scriptCmds,
		Condition:           scriptCondition,
		Setup: func(e *testscript.Env) error {
			for k, v := range env {
				e.Setenv(k, v)
			}
			return copyWorkspace(e.WorkDir)
		},
	})
}

// scriptCondition knows the scripts' own conditions: [sandbox] holds where
// the kernel lets a test program shut itself in (Linux with Landlock).
func scriptCondition(cond string) (bool, error) {
	if cond == "sandbox" {
		switch runtime.GOARCH {
		case "amd64", "arm64", "386", "arm", "riscv64", "loong64", "ppc64", "ppc64le", "s390x":
			return landlockABI() >= 1, nil
		}
		return false, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// goEnv passes the caches on to the scripts, so that they build from the
// same cache as everything else and never reach the network.
func goEnv(t *testing.T) map[string]string {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := strings.Split(strings.TrimSpace(string(out)), "\n")
	return map[string]string{
		"GOCACHE":     vals[0],
		"GOMODCACHE":  vals[1],
		"GOPATH":      vals[2],
		"GOPROXY":     "off",
		"GOFLAGS":     "-mod=mod",
		"GOTOOLCHAIN": "local",
		"NO_COLOR":    "1",
	}
}

// copyWorkspace lays out a standalone workspace in dir from the copy of the
// course inside the binary: the course file, core, the exercises and their
// solutions, and a go.mod without dependencies. Using the shipped copy rather
// than the files on disk keeps the scripts true in a clone where a learner
// has already edited exercises.
func copyWorkspace(dir string) error {
	for _, name := range bundle.Files() {
		data, err := bundle.Read(name)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(bundle.GoMod), 0o644)
}
