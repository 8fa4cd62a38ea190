package checker

import (
	"errors"
	"io/fs"
	"path"

	"github.com/futurelings/futurelings/checker/bundle"
)

// RevealSolution makes sure the reference solution of e is on disk and
// returns its folder, relative to the workspace. In a clone of the course
// it is already there. In a standalone workspace, which ships without
// solutions, it is written from the copy embedded in the binary; call it
// only once the learner has passed the exercise. A file already there is
// never overwritten.
func (w *Workspace) RevealSolution(e *Exercise) (string, error) {
	dir := e.SolutionDir()
	shipped := bundle.Dir(dir)
	if len(shipped) == 0 {
		if hasGoFiles(w.Path(dir)) {
			return dir, nil
		}
		return "", &bundle.NoCopyError{Dir: dir}
	}
	for _, p := range shipped {
		data, err := bundle.Read(p)
		if err != nil {
			return "", err
		}
		err = bundle.WriteNew(w.Path(path.Join(dir, path.Base(p))), data)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return dir, nil
}
