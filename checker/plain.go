package checker

import (
	"path"

	"github.com/futurelings/futurelings/checker/course"
	"github.com/futurelings/futurelings/checker/hidden"
)

// PlainCheckFiles returns what a plain go test of an exercise's checks
// needs laid over the workspace, by path relative to it: the check files as
// the course wrote them, without the signed reporting a real check adds,
// the package's sources for the checks that read how code is written, and
// package rules.
// Run with go test -overlay, they are the toolchain's own cost of the
// same checks, which futurelings' benchmark compares a check with.
func (w *Workspace) PlainCheckFiles(e *course.Exercise) (map[string][]byte, error) {
	set, err := hidden.For(e.Name)
	if err != nil {
		return nil, err
	}
	t := Target{Exercise: e, Dir: e.Dir}
	srcs, err := w.packageSources(t)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		path.Join(e.Dir, hiddenPrefix+sourcesFile): sourcesGo(set.Package(), srcs, shippedSources(e)),
	}
	for _, f := range set.Checks {
		files[path.Join(e.Dir, hiddenPrefix+f.Name)] = f.Data
	}
	for name, data := range hidden.Rules() {
		files[path.Join(hidden.RulesDir, name)] = data
	}
	return files, nil
}
