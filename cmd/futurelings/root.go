package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/futurelings/futurelings/checker/report"
)

// version is set at build time with -ldflags "-X main.version=..."; a plain
// build reports the module version Go recorded, if any.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Exit codes. Anything that is not a usage error or a failed check is 1.
const (
	exitOK     = 0
	exitFailed = 1 // a check failed or something went wrong
	exitUsage  = 2 // the command line was wrong
)

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errSilent reports failure after the command has already said why (for
// example a failing exercise, whose verdict is the explanation).
var errSilent = errors.New("failed")

// IO is where a command reads and writes, so tests can swap in buffers.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Terminal is true when Out is an interactive terminal: progress bars,
	// screen clearing and single-key input are only used then.
	Terminal bool
	// InTerminal is true when In is an interactive terminal.
	InTerminal bool
}

// globals holds the root flags every command can see.
type globals struct {
	io      *IO
	dir     string // -C: where to look for the workspace
	color   string // --color
	verbose bool
}

// Main runs the command line args and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{io: &IO{In: stdin, Out: stdout, ErrOut: stderr}}
	if f, ok := stdout.(*os.File); ok {
		g.io.Terminal = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && g.io.Terminal {
			report.Width = w
		}
	}
	if f, ok := stdin.(*os.File); ok {
		g.io.InTerminal = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	root := newRootCmd(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	return exitCode(err, stderr)
}

// exitCode is the one place that turns an error into what the user sees on
// stderr and the process's exit status.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errSilent) {
		return exitFailed
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		fmt.Fprintf(stderr, "futurelings: %v\nRun 'futurelings --help' for usage.\n", err)
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "futurelings: interrupted")
		return 130
	}
	fmt.Fprintf(stderr, "futurelings: %v\n", err)
	return exitFailed
}

// isCobraUsageError recognises the errors cobra itself returns for a bad
// command line; it has no typed errors for them.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag",
		"flag needs an argument", "invalid argument", "accepts ", "requires at least",
		"requires at most", "bad flag syntax"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "futurelings",
		Short: "Learn how futures, wakers and async/await work, one exercise at a time",
		Long: `futurelings is a hands-on course on what happens under async/await:
futures that are polled, wakers that ask for another poll, and the state
machines that async code turns into.

You edit small Go exercises; futurelings checks each one against hidden
tests with the Go toolchain, tells you what went wrong in terms of futures,
and moves on when it passes. Start with:

  futurelings watch

inside a futurelings workspace (a clone of the course, or a folder made by
'futurelings init').`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := checkTimeout(cmd); err != nil {
				return err
			}
			return setupColor(g)
		},
	}
	root.SetVersionTemplate("futurelings {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVarP(&g.dir, "dir", "C", "", "run as if started in `DIR` (the workspace or a folder inside it)")
	pf.StringVar(&g.color, "color", "auto", "colour output: auto, always or never (NO_COLOR also turns it off)")
	for _, add := range commands {
		root.AddCommand(add(g))
	}
	return root
}

// commands lists the constructors of the subcommands; each command's file
// adds itself in an init function.
var commands []func(*globals) *cobra.Command

// setupColor decides once whether output is coloured. fatih/color keeps the
// decision in a global, which is why it is set here and nowhere else.
func setupColor(g *globals) error {
	switch g.color {
	case "always":
		color.NoColor = false
	case "never":
		color.NoColor = true
	case "auto", "":
		_, noColor := os.LookupEnv("NO_COLOR")
		color.NoColor = noColor || !g.io.Terminal || os.Getenv("TERM") == "dumb"
	default:
		return usagef("--color must be auto, always or never, not %q", g.color)
	}
	return nil
}

// checkTimeout refuses a --timeout that would leave no time for a check:
// every command that runs checks has one.
func checkTimeout(cmd *cobra.Command) error {
	f := cmd.Flags().Lookup("timeout")
	if f == nil {
		return nil
	}
	if d, err := time.ParseDuration(f.Value.String()); err == nil && d <= 0 {
		return usagef("--timeout must be more than 0, not %s (for example --timeout 30s)", f.Value)
	}
	return nil
}
