package report

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/futurelings/futurelings/checker"
)

// Hyperlinks turns file paths in the output into terminal hyperlinks
// (OSC 8) that open the file. The command line sets it once, from
// [HyperlinksFor]; off, paths are plain text.
var Hyperlinks bool

// HyperlinksFor decides whether the terminal shows OSC 8 hyperlinks.
// FORCE_HYPERLINK=1 or 0 decides outright; otherwise only a terminal known
// to support them gets them, since others may print the escape codes.
func HyperlinksFor(terminal bool, getenv func(string) string) bool {
	switch getenv("FORCE_HYPERLINK") {
	case "1", "true":
		return true
	case "0", "false":
		return false
	}
	if !terminal || getenv("TERM") == "dumb" {
		return false
	}
	switch getenv("TERM_PROGRAM") {
	case "iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper":
		return true
	}
	if v, err := strconv.Atoi(getenv("VTE_VERSION")); err == nil && v >= 5000 {
		return true // GNOME Terminal, Tilix and other VTE terminals
	}
	if getenv("WT_SESSION") != "" || getenv("KITTY_WINDOW_ID") != "" || getenv("KONSOLE_VERSION") != "" {
		return true
	}
	t := getenv("TERM")
	return strings.Contains(t, "kitty") || strings.Contains(t, "foot") || strings.Contains(t, "wezterm") || strings.Contains(t, "alacritty")
}

// Link shows rel, a path relative to the workspace, followed by :line when
// line is more than 0; a hyperlink to the file when Hyperlinks is on.
func Link(ws *checker.Workspace, rel string, line int) string {
	text := rel
	if line > 0 {
		text = fmt.Sprintf("%s:%d", rel, line)
	}
	if !Hyperlinks {
		return text
	}
	return hyperlink(fileURL(ws.Path(rel)), text)
}

func hyperlink(target, text string) string {
	return "\x1b]8;;" + target + "\x1b\\" + text + "\x1b]8;;\x1b\\"
}

func fileURL(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	host, _ := os.Hostname()
	return (&url.URL{Scheme: "file", Host: host, Path: p}).String()
}

// positionRE finds "exercises/.../x.go:12" or "core/x.go:12:5" in a line.
var positionRE = regexp.MustCompile(`\b((?:exercises|solutions|core)/[^\s:]+\.go):(\d+)(:\d+)?`)

// LinkPositions makes every file:line position of the workspace in line a
// hyperlink, when Hyperlinks is on.
func LinkPositions(ws *checker.Workspace, line string) string {
	if !Hyperlinks {
		return line
	}
	return positionRE.ReplaceAllStringFunc(line, func(pos string) string {
		m := positionRE.FindStringSubmatch(pos)
		return hyperlink(fileURL(ws.Path(m[1])), pos)
	})
}
