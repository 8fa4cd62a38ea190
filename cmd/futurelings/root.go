package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/futurelings/futurelings/checker/report"
)

// Exit codes. Anything that is not a usage error or a failed check is 1.
const (
	exitOK     = 0
	exitFailed = 1 // a check failed or something went wrong
	exitUsage  = 2 // the command line was wrong
)

// usageError marks errors in how the command was called.
type usageError struct{ err error }

// Argument checks that say what is wrong in words, instead of cobra's
// "accepts 1 arg(s), received 0".

// noArgs is for commands that take no arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, not %q", cmd.Name(), strings.Join(args, " "))
	}
	return nil
}

// optionalArg is for commands that take at most one argument, what.
func optionalArg(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usagef("%s takes at most one %s, not %d (%s)", cmd.Name(), what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// oneArg is for commands that need exactly one argument, what.
func oneArg(what, example string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return usagef("%s needs the %s, for example '%s'", cmd.Name(), what, example)
		case len(args) > 1:
			return usagef("%s takes one %s, not %d (%s)", cmd.Name(), what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

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
	// ErrTerminal is true when ErrOut is an interactive terminal: progress
	// bars drawn on it are only drawn then.
	ErrTerminal bool
}

// globals holds the root flags every command can see.
type globals struct {
	io      *IO
	dir     string // -C: where to look for the workspace
	color   string // --color
	verbose bool
	version bool // --version
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
	if f, ok := stderr.(*os.File); ok {
		g.io.ErrTerminal = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	root := newRootCmd(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)

	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	return exitCode(err, cmd, stderr)
}

// exitCode is the one place that turns an error into what the user sees on
// stderr and the process's exit status.
func exitCode(err error, cmd *cobra.Command, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errSilent) {
		return exitFailed
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		help := "futurelings --help"
		if cmd != nil && cmd.HasParent() && cmd.Name() != "help" {
			help = cmd.CommandPath() + " --help"
		}
		fmt.Fprintf(stderr, "futurelings: %v\nRun '%s' for usage.\n", err, help)
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "futurelings: interrupted")
		return 130
	}
	fmt.Fprintf(stderr, "futurelings: %v\n", err)
	return exitFailed
}

// noCommand is the root's argument check: anything there is a command
// that does not exist, perhaps a typo of one that does.
func noCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("there is no command %q", args[0])
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", s[0])
	}
	return usagef("%s; 'futurelings help' lists them", msg)
}

// flagError says in words what is wrong with a flag, instead of pflag's
// "flag needs an argument: 'C' in -C".
func flagError(cmd *cobra.Command, err error) error {
	var (
		unknown  *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		badValue *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &unknown):
		name := "--" + unknown.GetSpecifiedName()
		if unknown.GetSpecifiedShortnames() != "" {
			name = "-" + unknown.GetSpecifiedName()
		}
		what := "there is no flag " + name
		if cmd.HasParent() {
			what = cmd.Name() + " has no flag " + name
		}
		return usagef("%s%s", what, flagHint(cmd, unknown.GetSpecifiedName()))
	case errors.As(err, &noValue):
		f := noValue.GetFlag()
		return usagef("%s needs a value%s", typedName(f, noValue.GetSpecifiedShortnames() != ""), valueExample(f))
	case errors.As(err, &badValue):
		f := badValue.GetFlag()
		return usagef("%s must be %s, not %q", "--"+f.Name, valueKind(f), badValue.GetValue())
	case errors.As(err, &syntax):
		return usagef("%s is not a flag: a flag is -X or --name", syntax.GetSpecifiedFlag())
	}
	return usageError{err}
}

// typedName is a flag as the learner typed it: -C or --dir.
func typedName(f *pflag.Flag, short bool) string {
	if short && f.Shorthand != "" {
		return "-" + f.Shorthand
	}
	return "--" + f.Name
}

// valueExample says what a flag takes, after "needs a value".
func valueExample(f *pflag.Flag) string {
	switch {
	case f.Name == "color":
		return ": auto, always or never"
	case f.Name == "dir":
		return ": the folder to work in, as in -C ~/futurelings"
	case f.Value.Type() == "duration":
		return fmt.Sprintf(", a duration such as --%s=30s", f.Name)
	case f.Value.Type() == "int":
		return fmt.Sprintf(", a whole number such as --%s=3", f.Name)
	}
	return ""
}

// valueKind says what a flag's value must be, after "must be".
func valueKind(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "duration":
		return "a duration such as 30s, 2m or 1m30s"
	case "int":
		return "a whole number"
	case "bool":
		return "true or false"
	}
	return "a " + f.Value.Type()
}

// flagHint points a flag that the command lacks to where it is: a flag of
// the same name spelt a little differently, or another command's.
func flagHint(cmd *cobra.Command, name string) string {
	var close string
	visit := func(f *pflag.Flag) {
		if close == "" && f.Name != name && !f.Hidden && editDistance(f.Name, name) <= 2 {
			close = f.Name
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	if close != "" {
		return fmt.Sprintf(" (did you mean --%s?)", close)
	}
	for _, c := range cmd.Root().Commands() {
		if c != cmd && c.Flags().Lookup(name) != nil && !c.Hidden {
			return fmt.Sprintf("; %s has it: %s --%s", c.Name(), c.CommandPath(), name)
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
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
'futurelings init'). There, in a terminal, 'futurelings' on its own does
the same.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noCommand,
		// Runnable, so that the root flags are checked (--color list is
		// a mistake, not a request for help) before the help is shown.
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.version {
				return printVersion(g, false)
			}
			// On its own, in a terminal and a workspace, it watches: what
			// a learner there wants; anywhere else it helps.
			if g.io.Terminal && g.io.InTerminal {
				if _, err := g.workspace(); err == nil {
					// Its flags were never parsed: they hold their defaults.
					w, _, err := cmd.Find([]string{"watch"})
					if err == nil {
						w.SetContext(cmd.Context())
						return w.RunE(w, nil)
					}
				}
			}
			return cmd.Help()
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := checkTimeout(cmd); err != nil {
				return err
			}
			return setupColor(g)
		},
	}
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2
	root.Flags().BoolVar(&g.version, "version", false, "print the version, as 'futurelings version' does")
	pf := root.PersistentFlags()
	pf.StringVarP(&g.dir, "dir", "C", "", "run as if started in `DIR` (the workspace or a folder inside it)")
	pf.StringVar(&g.color, "color", "auto", "colour output: auto, always or never (a NO_COLOR that is not empty turns auto off)")
	root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions(colorModes, cobra.ShellCompDirectiveNoFileComp))
	root.RegisterFlagCompletionFunc("dir", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	})
	for _, add := range commands {
		root.AddCommand(add(g))
	}
	root.SetHelpCommand(newHelpCmd(root))
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			strictCompletion(c)
		}
	}
	return root
}

var colorModes = []string{"auto", "always", "never"}

// newHelpCmd is cobra's help command, except that a topic it does not know
// is a usage error rather than the root's help with exit status 0.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Help about any command",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, sub := range root.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, sub.Name()+"\t"+sub.Short)
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 || cmd == nil {
				return usagef("there is no command %q; 'futurelings help' lists them", strings.Join(args, " "))
			}
			return cmd.Help()
		},
	}
}

// strictCompletion makes "completion SHELL" of a shell there is no script
// for a usage error; cobra shows the help with exit status 0.
func strictCompletion(c *cobra.Command) {
	var shells []string
	for _, sub := range c.Commands() {
		shells = append(shells, sub.Name())
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return usagef("there is no completion script for %q; the shells are %s", args[0], strings.Join(shells, ", "))
	}
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
		// no-color.org: only a NO_COLOR that is set and not empty counts.
		color.NoColor = os.Getenv("NO_COLOR") != "" || !g.io.Terminal || os.Getenv("TERM") == "dumb"
	default:
		msg := fmt.Sprintf("--color must be auto, always or never, not %q", g.color)
		for _, c := range commands {
			if c(g).Name() == g.color {
				msg += fmt.Sprintf("; to run %s, put it after the flag's value: futurelings --color=auto %s", g.color, g.color)
			}
		}
		return usageError{errors.New(msg)}
	}
	report.Hyperlinks = report.HyperlinksFor(g.io.Terminal, os.Getenv) && !(g.color == "never")
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
