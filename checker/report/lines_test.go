package report

import (
	"strings"
	"testing"

	"github.com/fatih/color"
)

func TestLimitLinesSaysHowManyMore(t *testing.T) {
	color.NoColor = true
	for _, tt := range []struct {
		lines, keep int
		want        string // the line before the last, which is kept
	}{
		{17, 12, "... 5 more lines"},
		{30, 4, "... 26 more lines"},
	} {
		got := limitLines(strings.Split(strings.Repeat("x\n", tt.lines-1)+"x", "\n"), tt.keep)
		if note := got[len(got)-2]; note != tt.want {
			t.Errorf("%d lines kept to %d: note %q, want %q", tt.lines, tt.keep, note, tt.want)
		}
	}
	if got := limitLines([]string{"a", "b", "c", "d", "e"}, 4); len(got) != 5 {
		t.Errorf("5 lines kept to 4 left one out behind a note as long as the line: %q", got)
	}
}

func TestHyperlinksFor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tt := range []struct {
		name     string
		terminal bool
		getenv   func(string) string
		want     bool
	}{
		{"plain xterm", true, env("TERM", "xterm"), false},
		{"iTerm2", true, env("TERM_PROGRAM", "iTerm.app"), true},
		{"VTE", true, env("VTE_VERSION", "7200"), true},
		{"old VTE", true, env("VTE_VERSION", "4800"), false},
		{"Windows Terminal", true, env("WT_SESSION", "x"), true},
		{"not a terminal", false, env("TERM_PROGRAM", "iTerm.app"), false},
		{"forced on", false, env("FORCE_HYPERLINK", "1"), true},
		{"forced off", true, env("FORCE_HYPERLINK", "0", "TERM_PROGRAM", "WezTerm"), false},
		{"dumb", true, env("TERM", "dumb", "KITTY_WINDOW_ID", "1"), false},
	} {
		if got := HyperlinksFor(tt.terminal, tt.getenv); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
