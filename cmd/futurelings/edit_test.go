package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenEditor(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ready.go")
	os.WriteFile(file, []byte("package ready\n"), 0o644)
	copied := filepath.Join(dir, "opened")
	if err := openEditor("cp {file} "+copied, file); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if data, err := os.ReadFile(copied); err == nil && string(data) == "package ready\n" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the edit command was not run with the file")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, editor := range []string{"vim", "/usr/bin/nano -w", "emacs -nw"} {
		err := openEditor(editor, file)
		if err == nil || !strings.Contains(err.Error(), "runs in a terminal, and this one is watch's") {
			t.Errorf("%s: %v, want a refusal that says why", editor, err)
		}
	}
}

// --edit-cmd, else $VISUAL, else $EDITOR.
func TestEditCommandOrder(t *testing.T) {
	t.Setenv("VISUAL", "gvim -f")
	t.Setenv("EDITOR", "nano")
	if got := editCommand("code -g"); got != "code -g" {
		t.Errorf("with --edit-cmd: %q", got)
	}
	if got := editCommand(""); got != "gvim -f" {
		t.Errorf("with $VISUAL and $EDITOR: %q, want $VISUAL", got)
	}
	t.Setenv("VISUAL", " ")
	if got := editCommand(""); got != "nano" {
		t.Errorf("with a blank $VISUAL: %q, want $EDITOR", got)
	}
	t.Setenv("EDITOR", "")
	if got := editCommand(""); got != "" {
		t.Errorf("with neither: %q", got)
	}
}
