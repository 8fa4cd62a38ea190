// Package checker is the engine behind the futurelings commands: it finds the
// workspace, loads the course, keeps the learner's progress, and checks
// exercises against their hidden tests with the Go toolchain, turning what
// go test reports into verdicts a learner can act on.
//
// Data flows one way: a command asks the checker, the checker asks go test
// (package gotest), and the verdicts come back for the command to print.
package checker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/futurelings/futurelings/checker/course"
)

// StateDirName is the folder inside a workspace where futurelings keeps its
// own files: progress, backups, and the hidden checks it hands to go test.
const StateDirName = ".futurelings"

// Workspace is a folder with exercises.toml, exercises/, core/ and a go.mod.
type Workspace struct {
	Root   string // absolute
	Course *course.Course
	// State, if set, is the folder to keep futurelings' own files in
	// instead of .futurelings inside Root: the project's tests check the
	// repository's course without leaving files in it.
	State string
}

// ErrNoWorkspace means no workspace was found from the starting folder up.
var ErrNoWorkspace = errors.New("not inside a futurelings workspace")

// Find returns the workspace root at or above dir: the nearest folder that
// has both exercises.toml and go.mod.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	} else if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	for d := abs; ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, course.FileName)) && isFile(filepath.Join(d, "go.mod")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%w: no %s in %s or any folder above it; cd into your course folder, pass -C DIR, or create one with 'futurelings init'", ErrNoWorkspace, course.FileName, abs)
		}
	}
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// Open finds the workspace at or above dir and loads its course.
func Open(dir string) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	c, err := course.Load(filepath.Join(root, course.FileName))
	if err != nil {
		return nil, err
	}
	// Show the course file's path relative to where the learner is.
	c.Path = relTo(dir, filepath.Join(root, course.FileName))
	return &Workspace{Root: root, Course: c}, nil
}

func relTo(from, target string) string {
	abs, err := filepath.Abs(from)
	if err != nil {
		return target
	}
	if rel, err := filepath.Rel(abs, target); err == nil && len(rel) < len(target) {
		return rel
	}
	return target
}

// Path returns the absolute path of a slash-separated path relative to the
// workspace root.
func (w *Workspace) Path(rel string) string {
	return filepath.Join(w.Root, filepath.FromSlash(rel))
}

// StateDir is the absolute path of the workspace's .futurelings folder (or
// of State, when set).
func (w *Workspace) StateDir() string {
	if w.State != "" {
		return w.State
	}
	return filepath.Join(w.Root, StateDirName)
}

// Exercise returns the exercise called name, or an error that lists what
// the names look like.
func (w *Workspace) Exercise(name string) (*course.Exercise, error) {
	if e := w.Course.Lookup(name); e != nil {
		return e, nil
	}
	return nil, &UnknownExerciseError{Name: name, Known: w.Course.Names()}
}

// UnknownExerciseError is returned for a name the course does not have.
type UnknownExerciseError struct {
	Name  string
	Known []string
}

func (e *UnknownExerciseError) Error() string {
	msg := fmt.Sprintf("there is no exercise called %q", e.Name)
	if s := closest(e.Name, e.Known); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg + " ('futurelings list' shows them all)"
}

// closest returns the known name nearest to name, if it is near enough.
func closest(name string, known []string) string {
	best, bestD := "", len(name)/2+2
	for _, k := range known {
		if d := editDistance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Exercise is an exercise of the course (an alias so commands need not
// import the course package for the type alone).
type Exercise = course.Exercise
