package main

import (
	"testing"

	"github.com/fatih/color"
)

// Not parallel: fatih/color keeps its switch in a global.
func TestColorDecision(t *testing.T) {
	defer func(old bool) { color.NoColor = old }(color.NoColor)
	tests := []struct {
		flag, noColor string
		terminal      bool
		want          bool // colour on
	}{
		{"auto", "", true, true}, // an empty NO_COLOR does not count
		{"auto", "1", true, false},
		{"auto", "", false, false},
		{"always", "1", false, true}, // the flag wins
		{"never", "", true, false},
	}
	for _, tt := range tests {
		t.Setenv("NO_COLOR", tt.noColor)
		t.Setenv("TERM", "xterm")
		g := &globals{io: &IO{Terminal: tt.terminal}, color: tt.flag}
		if err := setupColor(g); err != nil {
			t.Fatal(err)
		}
		if got := !color.NoColor; got != tt.want {
			t.Errorf("--color=%s NO_COLOR=%q terminal %v: colour %v, want %v", tt.flag, tt.noColor, tt.terminal, got, tt.want)
		}
	}
}
