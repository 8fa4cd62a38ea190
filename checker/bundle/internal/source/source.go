// Package source decides which files of a course repository make up the
// shipped course, and reads them the same way for the generator that writes
// the archive and for the test that keeps it in sync.
package source

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Roots are what the course is made of, relative to the repository:
// the course file, then folders taken whole (core without its tests).
var Roots = []string{"exercises.toml", "core", "exercises", "solutions"}

// Include reports whether the slash-separated path, relative to the
// repository, belongs in the shipped course.
func Include(p string) bool {
	if p == "exercises.toml" {
		return true
	}
	top, _, _ := strings.Cut(p, "/")
	switch top {
	case "core":
		if strings.HasSuffix(p, "_test.go") || hasElem(p, "testdata") {
			return false
		}
	case "exercises", "solutions":
	default:
		return false
	}
	for _, elem := range strings.Split(p, "/") {
		if junk(elem) {
			return false
		}
	}
	return true
}

func hasElem(p, elem string) bool {
	for _, e := range strings.Split(p, "/") {
		if e == elem {
			return true
		}
	}
	return false
}

// junk is a name no course ships: hidden files and folders, editor backups.
func junk(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~")
}

// File is one file of the course.
type File struct {
	Path string // slash-separated, relative to the repository
	Data []byte // normalized with Normalize
}

// Collect reads the course's files from the repository at root, sorted by
// path.
func Collect(root string) ([]File, error) {
	var files []File
	for _, r := range Roots {
		start := filepath.Join(root, filepath.FromSlash(r))
		err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if p != start && (junk(d.Name()) || (r == "core" && d.Name() == "testdata")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !Include(rel) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files = append(files, File{Path: rel, Data: Normalize(data)})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading the course: %w", err)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// Normalize gives a file the form it has in the archive: LF line endings
// (a Windows checkout may have CRLF) and a final newline.
func Normalize(data []byte) []byte {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	return data
}
