package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newResetCmd) }

func newResetCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "reset NAME",
		Short: "Put an exercise back as shipped, keeping a backup of your version",
		Long: `Put an exercise's files back as they were shipped, from the copy inside
this futurelings binary. Your version is first copied to a new folder under
.futurelings/backups/, whose name is printed, so nothing you wrote is lost.
The exercise counts as not done again.`,
		Example:           "  futurelings reset yield_once",
		Args:              oneArg("name of the exercise to reset", "futurelings reset yield_once"),
		ValidArgsFunction: completeExercises(g, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := g.workspace()
			if err != nil {
				return err
			}
			e, err := ws.Exercise(args[0])
			if err != nil {
				return usageError{err}
			}
			res, err := ws.Reset(e)
			if err != nil {
				return err
			}
			// A lost progress file is rebuilt from verdicts later; saving
			// it here would hide that it was lost.
			if p := checker.LoadProgress(ws); !p.Lost && p.IsDone(e.Name) {
				g.record(p, checker.WasReset{Name: e.Name})
			}
			out := g.io.Out
			main := report.FileLink(ws, e.Dir)
			if res.Unchanged {
				fmt.Fprintf(out, "%s is already as shipped: nothing to reset (%s)\n", e.Name, main)
				return nil
			}
			if res.Backup == "" {
				fmt.Fprintf(out, "%s was missing: nothing to back up\n", e.Dir)
			} else {
				fmt.Fprintf(out, "Your version is backed up in %s/\n", report.Link(ws, res.Backup, 0))
			}
			for _, r := range res.Removed {
				fmt.Fprintf(out, "Removed %s, which the exercise does not ship (it is in the backup)\n", r)
			}
			fmt.Fprintf(out, "%s is back as shipped: %s\n", e.Name, main)
			return nil
		},
	}
}
