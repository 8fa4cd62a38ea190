package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/futurelings/futurelings/checker"
)

// workspace opens the workspace that -C (or the current folder) is in.
func (g *globals) workspace() (*checker.Workspace, error) {
	dir := g.dir
	if dir == "" {
		dir = "."
	} else if fi, err := os.Stat(dir); err != nil {
		return nil, usagef("-C %s: there is no such folder", dir)
	} else if !fi.IsDir() {
		return nil, usagef("-C %s: that is a file, not a folder", dir)
	}
	return checker.Open(dir)
}

// progress loads the learner's progress. When the saved progress is lost
// (damaged, or deleted after the course was started) it says so and
// rebuilds it by checking every exercise once.
func (g *globals) progress(ctx context.Context, ws *checker.Workspace, opts checker.Options) *checker.Progress {
	p := checker.LoadProgress(ws)
	if p.Newer {
		fmt.Fprintf(g.io.ErrOut, "warning: %s\n", p.Notice)
		return p
	}
	if !p.Lost {
		return p
	}
	if p.Notice == "" && !ws.Started() {
		// A fresh start: nothing was lost. Saving now means that a missing
		// file later really is a lost one.
		g.record(p)
		return p
	}
	why := p.Notice
	if why == "" {
		why = "your progress file is missing"
	}
	fmt.Fprintf(g.io.ErrOut, "%s; checking every exercise to rebuild it...\n", why)
	if err := ws.Rebuild(ctx, p, opts); err != nil {
		fmt.Fprintf(g.io.ErrOut, "could not rebuild your progress: %v\n", err)
		return p
	}
	fmt.Fprintf(g.io.ErrOut, "progress rebuilt: %d of %d exercises pass\n", p.DoneCount(), len(ws.Course.Exercises))
	return p
}

// record applies what happened to the progress file, and only warns if it
// cannot: losing a progress update is not worth failing a check over.
func (g *globals) record(p *checker.Progress, changes ...checker.Change) {
	if err := p.Apply(changes...); err != nil {
		fmt.Fprintf(g.io.ErrOut, "warning: %v\n", err)
	}
}

// exerciseArg picks the exercise a command works on: the one named in
// args, or else current. When there is neither (everything is done), it
// tells the learner how to name one, "futurelings CMD NAME" to do what, and
// returns nil.
func (g *globals) exerciseArg(ws *checker.Workspace, args []string, current *checker.Exercise, cmd, what string) (*checker.Exercise, error) {
	if len(args) == 1 {
		e, err := ws.Exercise(args[0])
		if err != nil {
			return nil, usageError{err}
		}
		return e, nil
	}
	if current == nil {
		fmt.Fprintf(g.io.Out, "Every exercise is done; name one %s: futurelings %s NAME\n", what, cmd)
	}
	return current, nil
}

// slowBuildNotice returns what to say, once per command, when building the
// checks takes a while, so that the first run on a machine is not silence.
func (g *globals) slowBuildNotice() func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			fmt.Fprintln(g.io.ErrOut, "Building the checks… (the first build on a machine also compiles Go's own testing packages, once: it can take half a minute)")
		})
	}
}
