package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
		Setup: func(e *testscript.Env) error {
			for k, v := range env {
				e.Setenv(k, v)
			}
			return copyWorkspace(e.WorkDir)
		},
	})
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

// copyWorkspace lays out a standalone workspace in dir: the course file,
// core, the exercises and their solutions, and a go.mod without
// dependencies.
func copyWorkspace(dir string) error {
	root := filepath.Join("..", "..")
	for _, p := range []string{"exercises.toml", "core", "exercises", "solutions"} {
		if err := copyTree(filepath.Join(root, p), filepath.Join(dir, p)); err != nil {
			return err
		}
	}
	gomod := "module github.com/futurelings/futurelings\n\ngo 1.25.0\n"
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(p, "_test.go") {
			return nil // the workspace needs no tests of core
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
