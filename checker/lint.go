package checker

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/futurelings/futurelings/checker/hidden"
)

// Lint checks that the course file, the folders and the hidden checks agree:
// every listed exercise has its folder, its solution and its hidden checks,
// and nothing unlisted lies in exercises/ or solutions/. Each problem names
// where to fix it. It is the author's check behind verify --solutions.
func Lint(w *Workspace) []string {
	var problems []string
	c := w.Course
	at := func(line int) string {
		if line > 0 {
			return fmt.Sprintf("%s:%d", c.Path, line)
		}
		return c.Path
	}
	listed := map[string]bool{}
	for _, e := range c.Exercises {
		listed[e.Dir] = true
		listed[e.SolutionDir()] = true
		if !hasGoFiles(w.Path(e.Dir)) {
			problems = append(problems, fmt.Sprintf("%s: exercise %s: %s has no Go files", at(e.Line), e.Name, e.Dir))
		}
		if !hasGoFiles(w.Path(e.SolutionDir())) {
			problems = append(problems, fmt.Sprintf("%s: exercise %s: its solution %s is missing", at(e.Line), e.Name, e.SolutionDir()))
		}
		if _, err := hidden.For(e.Name); err != nil {
			problems = append(problems, fmt.Sprintf("%s: exercise %s: %v", at(e.Line), e.Name, err))
		}
	}
	for _, top := range []string{"exercises", "solutions"} {
		for _, dir := range goPackageDirs(w.Path(top)) {
			rel, err := filepath.Rel(w.Root, dir)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(rel)
			if !listed[rel] {
				problems = append(problems, fmt.Sprintf("%s: the package %s is not part of the course; list it in %s or remove it", rel, rel, c.Path))
			}
		}
	}
	for _, name := range hidden.Exercises() {
		if c.Lookup(name) == nil {
			problems = append(problems, fmt.Sprintf("checker/hidden/testdata/%s: hidden checks for an exercise %s does not list", name, c.Path))
		}
	}
	return problems
}

func hasGoFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return true
		}
	}
	return false
}

// goPackageDirs lists the folders under root that hold Go files, skipping
// testdata and hidden folders as the go command does.
func goPackageDirs(root string) []string {
	var dirs []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			n := d.Name()
			if p != root && (n == "testdata" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
				return filepath.SkipDir
			}
			if hasGoFiles(p) {
				dirs = append(dirs, p)
			}
		}
		return nil
	})
	return dirs
}
