package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
)

func init() { commands = append(commands, newRunCmd) }

func newRunCmd(g *globals) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "run [NAME]",
		Short: "Check one exercise (the current one by default) and show the full verdict",
		Long: `Check one exercise against its hidden checks and show every check with
its message. Without a name it checks the exercise you are on. When it
passes, it is recorded as done and the next exercise becomes the current one.`,
		Example:           "  futurelings run\n  futurelings run yield_once",
		Args:              optionalArg("exercise name"),
		ValidArgsFunction: completeExercises(g, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := g.workspace()
			if err != nil {
				return err
			}
			opts := checker.Options{Timeout: timeout, OnSlowBuild: g.slowBuildNotice()}
			p := g.progress(cmd.Context(), ws, opts)
			e, err := g.exerciseArg(ws, args, p.Current(), "run", "to check it again")
			if e == nil {
				return err
			}
			vs, err := ws.Check(cmd.Context(), checker.Targets([]*checker.Exercise{e}), opts)
			if err != nil {
				return err
			}
			v := vs[0]
			report.Verdict(g.io.Out, ws, v)
			// Vet runs once the verdict is out, so that it never delays
			// one, and only on code that compiles; beside it, what makes
			// the next check of this code quicker is learned.
			if v.Status != checker.CompileError && v.Status != checker.Missing {
				learned := make(chan struct{})
				go func() {
					defer close(learned)
					ws.Learn(cmd.Context(), e, opts)
				}()
				report.Vet(g.io.Out, ws.Vet(cmd.Context(), e, opts))
				<-learned
			}
			if !v.Passed() {
				if p.Lost {
					g.record(p)
				}
				fmt.Fprintf(g.io.Out, "\nStuck? 'futurelings hint %s' gives a nudge.\n", e.Name)
				// A trace needs code that compiles.
				if slices.Contains(ws.Traced(), e.Name) && v.Status != checker.CompileError && v.Status != checker.Missing {
					fmt.Fprintf(g.io.Out, "'futurelings trace %s' shows your future poll by poll: its states, what each holds, and the polls inside.\n", e.Name)
				}
				return errSilent
			}
			// The learner goes on to the next exercise if this one is still
			// the one they are on once the pass is recorded.
			g.record(p, checker.DidPass{Name: e.Name}, checker.MoveOn{From: e.Name})
			next := p.NextPending(e)
			fmt.Fprintln(g.io.Out)
			showSolution(g, ws, e)
			if next == nil {
				fmt.Fprintln(g.io.Out, "That was the last one: every exercise is done.")
			} else {
				fmt.Fprintf(g.io.Out, "Next up: %s (%s)\n", next.Name, report.FileLink(ws, next.Dir))
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", checker.DefaultTimeout, "time limit for the exercise's checks")
	return cmd
}

// showSolution tells a learner who has just passed where the reference
// solution is, to compare with their own. A standalone workspace ships
// without solutions: this is when the exercise's one is written out.
func showSolution(g *globals, ws *checker.Workspace, e *checker.Exercise) {
	dir, err := ws.RevealSolution(e)
	if err != nil {
		fmt.Fprintf(g.io.ErrOut, "could not write out the reference solution: %v\n", err)
		return
	}
	fmt.Fprintf(g.io.Out, "Compare with the reference solution: %s\n", report.FileLink(ws, dir))
}
