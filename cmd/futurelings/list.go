package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newListCmd) }

func newListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every exercise with its status, the current one marked",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := g.workspace()
			if err != nil {
				return err
			}
			p := g.progress(cmd.Context(), ws, checker.Options{})
			report.List(g.io.Out, ws, p)
			return nil
		},
	}
}

// completeExercises completes exercise names for commands that take them:
// one name, or several when many is true (never one already given).
func completeExercises(g *globals, many bool) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 && !many {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ws, err := g.workspace()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for _, e := range ws.Course.Exercises {
			if strings.HasPrefix(e.Name, toComplete) && !slices.Contains(args, e.Name) {
				names = append(names, e.Name+"\t"+e.Dir)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeTraced completes the names of the exercises that have a trace.
func completeTraced(g *globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ws, err := g.workspace()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for _, name := range ws.Traced() {
			if e := ws.Course.Lookup(name); e != nil && strings.HasPrefix(name, toComplete) {
				names = append(names, name+"\t"+e.Dir)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
