package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newHintCmd) }

func newHintCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:               "hint [NAME]",
		Short:             "Show a hint for an exercise (the current one by default)",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeExercises(g, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := g.workspace()
			if err != nil {
				return err
			}
			var e *checker.Exercise
			if len(args) == 1 {
				if e, err = ws.Exercise(args[0]); err != nil {
					return usageError{err}
				}
			} else if e = checker.LoadProgress(ws).Current(); e == nil {
				fmt.Fprintln(g.io.Out, "Every exercise is done; name one to see its hint: futurelings hint NAME")
				return nil
			}
			report.Hint(g.io.Out, ws, e)
			return nil
		},
	}
}
