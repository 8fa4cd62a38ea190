package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/watch"
)

func init() { commands = append(commands, newWatchCmd) }

type watchOptions struct {
	poll     bool
	interval time.Duration
	timeout  time.Duration
	debounce time.Duration
}

func newWatchCmd(g *globals) *cobra.Command {
	o := &watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Check the current exercise every time you save it, and move on when it passes",
		Long: `Check the exercise you are on, then check it again every time one of
its Go files is saved, however your editor saves. When it passes, it is
recorded as done, you are shown where its reference solution is, and the
next exercise is checked at once.

In a terminal, single keys do the rest (no Enter needed):

  h  show the hint        l  list the exercises    n  go on to the next one
  r  check again          q  quit (Ctrl-C too)

Without a terminal (a pipe, CI, an editor's task runner) there are no keys
and the screen is never cleared: every check is a few lines of a log, and
watch runs until it is stopped with SIGINT (Ctrl-C) or SIGTERM.

Changes are noticed through the system's file notifications. Where those
cannot work (some network and shared-folder file systems, or when the
system's watch limits are used up) watch says so and looks at the files
every --poll-interval instead; --poll asks for that from the start.`,
		Example: "  futurelings watch\n  futurelings watch --poll",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWatch(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.poll, "poll", false, "look for changes by polling the files instead of file notifications")
	f.DurationVar(&o.interval, "poll-interval", watch.DefaultPollInterval, "how often to look at the files when polling")
	f.DurationVar(&o.timeout, "timeout", checker.DefaultTimeout, "time limit for each exercise's checks")
	// How long a burst of file events must be quiet before it is checked.
	// Hidden: the default suits every editor measured; it is there for a
	// very slow disk, and for tests on a loaded machine.
	f.DurationVar(&o.debounce, "debounce", watch.DefaultDebounce, "how long a burst of file events must be quiet before a check")
	f.MarkHidden("debounce")
	return cmd
}

// stopSignals end a watch session normally: the terminal is restored and
// the exit status is 0. (Main already turns SIGINT and SIGTERM into the end
// of the context; a hang-up would otherwise kill the process outright.)
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func runWatch(ctx context.Context, g *globals, o *watchOptions) error {
	if o.interval <= 0 {
		return usagef("--poll-interval must be more than 0, not %v", o.interval)
	}
	ws, err := g.workspace()
	if err != nil {
		return err
	}
	checkOpts := checker.Options{Timeout: o.timeout}
	p := g.progress(ctx, ws, checkOpts)

	ctx, stop := signal.NotifyContext(ctx, stopSignals...)
	defer stop()

	opts := watch.Options{
		Workspace:    ws,
		Progress:     p,
		Terminal:     g.io.Terminal,
		CheckOptions: checkOpts,
		Poll:         o.poll,
		PollInterval: o.interval,
		Debounce:     o.debounce,
	}
	if in, ok := g.io.In.(*os.File); ok && g.io.InTerminal {
		restore, err := keysMode(int(in.Fd()))
		if err != nil {
			fmt.Fprintf(g.io.ErrOut, "warning: no single-key commands: %v\n", err)
		} else {
			// Deferred, so it also runs when a panic unwinds this goroutine
			// (the watch loop hands its goroutines' panics to this one).
			defer restore()
			opts.Keys = in
			if !keysModeKeepsNewlines {
				out, errOut := g.io.Out, g.io.ErrOut
				g.io.Out, g.io.ErrOut = crlfWriter{out}, crlfWriter{errOut}
				defer func() { g.io.Out, g.io.ErrOut = out, errOut }()
			}
		}
	}
	opts.Out = g.io.Out
	opts.ShowSolution = func(e *checker.Exercise) { showSolution(g, ws, e) }
	return watch.Run(ctx, opts)
}

// crlfWriter writes "\r\n" for each "\n", for a terminal in a raw mode
// that does not do it itself.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
