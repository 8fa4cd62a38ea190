package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"golang.org/x/term"

	"github.com/futurelings/futurelings/checker"
	"github.com/futurelings/futurelings/checker/report"
	"github.com/futurelings/futurelings/checker/watch"
)

func init() { commands = append(commands, newWatchCmd) }

type watchOptions struct {
	poll     bool
	interval time.Duration
	timeout  time.Duration
	debounce time.Duration
	editCmd  string
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
  r  check again          c  check every exercise  t  trace this exercise
  e  open it in your editor
  x  reset it as shipped (after a y; your version is backed up)
  q  quit (Ctrl-C too)

The list (l) moves with the arrow keys or j and k, shows done and pending
exercises under their lessons, and takes keys of its own: c continues at
the selected exercise (an earlier one too), r resets it (keeping a backup),
d and p show only done or only pending ones, / searches by name, and q or
Esc goes back.

e runs --edit-cmd, else $VISUAL or $EDITOR, with the exercise's file. A
terminal editor (vim, nano...) cannot share this terminal with watch: use
another terminal for it, or give a graphical one, e.g. --edit-cmd "code -g".

Without a terminal (a pipe, CI, an editor's task runner) there are no keys
and the screen is never cleared: every check is a few lines of a log, and
watch runs until it is stopped with SIGINT (Ctrl-C) or SIGTERM.

Changes are noticed through the system's file notifications. Where those
cannot work (some network and shared-folder file systems, or when the
system's watch limits are used up) watch says so and looks at the files
every --poll-interval instead; --poll asks for that from the start.`,
		Example: "  futurelings watch\n  futurelings watch --poll",
		Args:    noArgs,
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
	f.StringVar(&o.editCmd, "edit-cmd", "", "`command` that e runs with the current exercise's file ($VISUAL or $EDITOR by default)")
	return cmd
}

// stopSignals end any command's context, so that what it started is
// stopped and its files are cleaned up; they end a watch session normally,
// with the terminal restored and exit status 0. A closed terminal (SIGHUP)
// counts like the others instead of killing the process outright.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func runWatch(ctx context.Context, g *globals, o *watchOptions) error {
	if o.interval <= 0 {
		return usagef("--poll-interval must be more than 0, not %v", o.interval)
	}
	ws, err := g.workspace()
	if err != nil {
		return err
	}
	checkOpts := checker.Options{Timeout: o.timeout, OnSlowBuild: g.slowBuildNotice()}
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
	out := g.io.Out // the terminal itself, before any wrapping below
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
	opts.Vet = func(ctx context.Context, e *checker.Exercise) []string { return ws.Vet(ctx, e, checkOpts) }
	opts.Learn = func(ctx context.Context, e *checker.Exercise) { ws.Learn(ctx, e, checkOpts) }
	if f, ok := out.(*os.File); ok && g.io.Terminal {
		opts.Size = func() (int, int, bool) {
			w, h, err := term.GetSize(int(f.Fd()))
			return w, h, err == nil
		}
		resized, stop := terminalResized()
		defer stop()
		opts.Resized = resized
	}
	if edit := editCommand(o.editCmd); edit != "" {
		opts.Edit = func(e *checker.Exercise) error {
			return openEditor(edit, ws.Path(report.MainFile(ws, e.Dir)))
		}
	}
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

// editCommand is the command that opens a file: --edit-cmd, else $VISUAL,
// else $EDITOR.
func editCommand(flag string) string {
	for _, c := range []string{flag, os.Getenv("VISUAL"), os.Getenv("EDITOR")} {
		if strings.TrimSpace(c) != "" {
			return c
		}
	}
	return ""
}

// terminalEditors need the terminal watch is using.
var terminalEditors = []string{"vi", "vim", "nvim", "nano", "pico", "emacs", "micro", "hx", "helix", "kak", "joe", "ne", "ed", "mg"}

// openEditor starts the edit command with the file, {file} in the command
// standing for it if present, else added at the end. It does not wait: the
// editor lives beside watch.
func openEditor(command, file string) error {
	args := strings.Fields(command)
	if len(args) == 0 {
		return fmt.Errorf("the edit command is empty")
	}
	base := filepath.Base(args[0])
	if slices.Contains(terminalEditors, base) && (base != "emacs" || slices.Contains(args, "-nw")) {
		return fmt.Errorf("%s runs in a terminal, and this one is watch's: open %s in another terminal, or start watch with --edit-cmd set to a graphical editor", args[0], file)
	}
	used := false
	for i, a := range args {
		if strings.Contains(a, "{file}") {
			args[i], used = strings.ReplaceAll(a, "{file}", file), true
		}
	}
	if !used {
		args = append(args, file)
	}
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
