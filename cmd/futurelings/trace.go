package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newTraceCmd) }

func newTraceCmd(g *globals) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "trace [NAME]",
		Short: "Print the poll-by-poll trace of your future (the current exercise's by default)",
		Long: `Build the exercise's future from your code with sample inputs, poll it the
way an executor would, and print every poll: the state before and after,
what Poll returned and whether it woke the waker. Ends with what a correct
future does. Anything your code prints shows up next to the poll that
printed it.

It is not a check: 'futurelings run' says whether the exercise passes.`,
		Example:           "  futurelings trace add_slowly",
		Args:              optionalArg("exercise name"),
		ValidArgsFunction: completeTraced(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := g.workspace()
			if err != nil {
				return err
			}
			e, err := g.exerciseArg(ws, args, checker.LoadProgress(ws).Current(), "trace", "to trace it")
			if e == nil {
				return err
			}
			tr, err := ws.Trace(cmd.Context(), e, checker.Options{Timeout: timeout})
			if err != nil {
				return err
			}
			if !report.Trace(g.io.Out, ws, tr) {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", checker.DefaultTimeout, "time limit for the trace")
	return cmd
}
