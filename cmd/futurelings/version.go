package main

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker/bundle"
	"github.com/futurelings/futurelings/checker/course"
)

func init() { commands = append(commands, newVersionCmd) }

// version is set at build time with -ldflags "-X main.version=..."; a plain
// build reports the module version Go recorded, if any.
var version = ""

//go:embed LICENSE
var license string

func newVersionCmd(g *globals) *cobra.Command {
	var showLicense bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, the Go version, the platform and where the course came from",
		Long: `Print futurelings' version, the Go it was built with, the operating system
and architecture, and which course is in use: what a bug report needs.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return printVersion(g, showLicense)
		},
	}
	cmd.Flags().BoolVar(&showLicense, "license", false, "print the license (MIT) instead")
	return cmd
}

// buildVersion says which futurelings this is. A release has a version; a
// build from a clone (go run, go build, go install ./cmd/futurelings) has
// none, but Go records the commit it was built from when it can.
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev (no build information)"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" {
		return "dev (built from source; Go recorded no commit, as with 'go run')"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "dev, commit " + rev
	if t := settings["vcs.time"]; t != "" {
		v += " of " + t
	}
	if settings["vcs.modified"] == "true" {
		v += ", with local changes"
	}
	return v
}

func printVersion(g *globals, showLicense bool) error {
	out := g.io.Out
	if showLicense {
		fmt.Fprint(out, license)
		return nil
	}
	fmt.Fprintf(out, "futurelings %s\n", buildVersion())
	fmt.Fprintf(out, "go:       %s\n", runtime.Version())
	fmt.Fprintf(out, "platform: %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(out, "course:   %s\n", courseOrigin(g))
	fmt.Fprintf(out, "built in: %s\n", builtInCourse())
	return nil
}

// courseOrigin says which workspace the commands use here, and what kind.
func courseOrigin(g *globals) string {
	ws, err := g.workspace()
	var ue usageError
	if errors.As(err, &ue) {
		return ue.Error() // -C of a folder that is not there
	}
	if err != nil {
		return "no workspace here ('futurelings init' writes one)"
	}
	kind := "a workspace written by 'futurelings init'"
	if _, err := os.Stat(filepath.Join(ws.Root, "cmd", "futurelings")); err == nil {
		kind = "a clone of the futurelings repository"
	}
	return fmt.Sprintf("%s, %s, %d exercises", ws.Root, kind, len(ws.Course.Exercises))
}

// builtInCourse describes the copy of the course inside the binary, which
// init and reset use.
func builtInCourse() string {
	data, err := bundle.Read(course.FileName)
	if err != nil {
		return "no copy of the course"
	}
	c, err := course.Parse(course.FileName, data)
	if err != nil {
		return "a copy of the course that does not load: " + err.Error()
	}
	return fmt.Sprintf("a copy of the course with %d exercises, used by init and reset", len(c.Exercises))
}
