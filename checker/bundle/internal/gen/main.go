// Command gen writes checker/bundle/course.txtar, the shipped copy of the
// course that futurelings embeds. Run it through go generate:
//
//	go generate ./checker/bundle
//
// It reads the files on disk, so run it in a checkout that holds exactly
// what you mean to ship, and commit the archive with the files it copies.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/futurelings/futurelings/checker/bundle/internal/source"
)

// Header is the archive's comment.
const Header = `The shipped course, embedded by package bundle. DO NOT EDIT.
Regenerate it after changing exercises.toml, core, exercises/ or solutions/:
	go generate ./checker/bundle
`

func main() {
	root := flag.String("root", filepath.Join("..", ".."), "the repository to read the course from")
	out := flag.String("o", "course.txtar", "the archive to write")
	flag.Parse()
	if err := run(*root, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(root, out string) error {
	files, err := source.Collect(root)
	if err != nil {
		return err
	}
	a := &txtar.Archive{Comment: []byte(Header)}
	for _, f := range files {
		if txtar.NeedsQuote(f.Data) {
			return fmt.Errorf("%s has a line that looks like an archive marker (-- name --); change that line", f.Path)
		}
		a.Files = append(a.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	data := txtar.Format(a)
	// Make sure the archive reads back as exactly these files.
	back := txtar.Parse(data)
	if len(back.Files) != len(files) {
		return fmt.Errorf("the archive does not read back: %d files instead of %d", len(back.Files), len(files))
	}
	for i, f := range back.Files {
		if f.Name != files[i].Path || !bytes.Equal(f.Data, files[i].Data) {
			return fmt.Errorf("the archive does not read %s back as it was written", files[i].Path)
		}
	}
	if old, err := os.ReadFile(out); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(out, data, 0o644)
}
