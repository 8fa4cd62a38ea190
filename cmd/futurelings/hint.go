package main

import (
	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newHintCmd) }

func newHintCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:               "hint [NAME]",
		Short:             "Show a hint for an exercise (the current one by default)",
		Args:              optionalArg("exercise name"),
		ValidArgsFunction: completeExercises(g, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := g.workspace()
			if err != nil {
				return err
			}
			e, err := g.exerciseArg(ws, args, checker.LoadProgress(ws).Current(), "hint", "to see its hint")
			if e == nil {
				return err
			}
			report.Hint(g.io.Out, ws, e)
			return nil
		},
	}
}
