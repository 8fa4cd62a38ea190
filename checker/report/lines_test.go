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
		want        string
	}{
		{5, 4, "... 1 more line"},
		{7, 4, "... 3 more lines"},
	} {
		got := limitLines(strings.Split(strings.Repeat("x\n", tt.lines-1)+"x", "\n"), tt.keep)
		if last := got[len(got)-1]; last != tt.want {
			t.Errorf("%d lines kept to %d: last line %q, want %q", tt.lines, tt.keep, last, tt.want)
		}
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
