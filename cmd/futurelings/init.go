package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/bundle"
)

func init() { commands = append(commands, newInitCmd) }

// defaultInitDir is where init writes when no folder is given.
const defaultInitDir = "futurelings"

func newInitCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a standalone workspace with the course (in ./futurelings by default)",
		Long: `Write a workspace of your own: the course file, the exercises, the core
package and a go.mod, copied from this futurelings binary, so it works
offline and needs no clone of the course. DIR must be new or empty.

The reference solutions are not included: each one is written under
solutions/ when you pass its exercise.`,
		Example: "  futurelings init\n  futurelings init ~/futures-course",
		Args:    optionalArg("folder"),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := defaultInitDir
			if len(args) == 1 {
				dir = args[0]
			}
			return runInit(g, dir)
		},
	}
}

func runInit(g *globals, dir string) error {
	target := dir
	if g.dir != "" && !filepath.IsAbs(dir) {
		target = filepath.Join(g.dir, dir)
	}
	if err := bundle.WriteWorkspace(target); err != nil {
		return err
	}
	n := 0
	if ws, err := checker.Open(target); err == nil {
		n = len(ws.Course.Exercises)
	}
	out := g.io.Out
	fmt.Fprintf(out, "Wrote a futurelings workspace with %d exercises to %s\n\n", n, filepath.ToSlash(target))
	fmt.Fprintln(out, "Start the course:")
	fmt.Fprintln(out)
	fmt.Fprintf(out, "  cd %s\n", shellQuote(target))
	fmt.Fprintln(out, "  futurelings watch")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Its README.md lists the other commands.")
	return nil
}

// shellQuote quotes a path for a command line when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
