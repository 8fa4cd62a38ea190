package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newHintCmd) }

func newHintCmd(g *globals) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "hint [NAME]",
		Short: "Show the next level of an exercise's hint (the current exercise by default)",
		Long: `Shows a hint for the exercise, one level at a time: the first time a
nudge, each time you ask again for the same exercise a little more, the
last level nearly the answer. --all shows every level at once.`,
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
			if all {
				report.HintAll(g.io.Out, ws, e)
				return nil
			}
			h, err := checker.NextHint(ws, e)
			report.Hint(g.io.Out, ws, e, h, "Run futurelings hint "+e.Name+" again")
			if err != nil {
				fmt.Fprintf(g.io.ErrOut, "futurelings: %v\n", err)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "show every level of the hint at once")
	return cmd
}
