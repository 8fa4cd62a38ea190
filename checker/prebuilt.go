package checker

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/futurelings/futurelings/checker/gotest"
)

// A test program kept in a bin slot is run again without asking the go
// command, whose package loading is most of what a check of unchanged code
// costs, when nothing it is built from has changed: the files of the
// module, the files laid over it, the go command and the environment that
// selects what it builds. Each program's inputs are summed into a file
// beside it, with the program's stamp.

// inputsFile names the file beside a kept program that says what it was
// built from.
func inputsFile(bin string) string { return bin + ".inputs" }

// treeSum sums the module's files by name, size and modification time:
// a save changes them, and whatever a program is built from lies in the
// module (the course has no other modules). Folders go ignores (".x",
// "_x") and futurelings' own are left out.
func (w *Workspace) treeSum() string {
	h := sha256.New()
	filepath.WalkDir(w.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != w.Root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\x00%o\n", p, info.Size(), info.ModTime().UnixNano(), info.Mode())
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}

// toolSum identifies the go command and the environment it builds with.
func toolSum(goCmd string, env []string) string {
	h := sha256.New()
	if goCmd == "" {
		goCmd = "go"
	}
	if p, err := exec.LookPath(goCmd); err == nil {
		if info, err := os.Stat(p); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
		}
	}
	keys := map[string]bool{"GOARCH": true, "GOOS": true, "GOAMD64": true, "GO386": true, "GOARM": true,
		"GOARM64": true, "GOEXPERIMENT": true, "GOROOT": true, "GOTOOLCHAIN": true, "GOFLAGS": true,
		"GOWORK": true, "GO111MODULE": true, "CGO_ENABLED": true, "GOPATH": true, "GOMODCACHE": true}
	var kept []string
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); keys[k] {
			kept = append(kept, kv)
		}
	}
	sort.Strings(kept)
	fmt.Fprintln(h, strings.Join(kept, "\x00"))
	return hex.EncodeToString(h.Sum(nil))
}

// inputsSum sums what one package's program is built from.
func inputsSum(tree, tools string, pkg gotest.Package, moduleOverlay map[string]string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", tree, tools, pkg.Dir)
	for _, m := range []map[string]string{pkg.Overlay, moduleOverlay} {
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(h, "%s\x00", n)
			if src := m[n]; src != "" {
				if f, err := os.Open(src); err == nil {
					io.Copy(h, f)
					f.Close()
				}
			}
			fmt.Fprintln(h)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// keptProgram returns the kept program of pkg if it was built from inputs.
func (w *Workspace) keptProgram(bin string, pkg gotest.Package, inputs string) *gotest.Result {
	data, err := os.ReadFile(inputsFile(bin))
	if err != nil {
		return nil
	}
	sum, stamp, ok := strings.Cut(strings.TrimSpace(string(data)), "\n")
	if !ok || sum != inputs {
		return nil
	}
	return gotest.Built(w.Root, pkg.Dir, bin, stamp)
}

// keep notes what a just-built program was built from.
func keep(r *gotest.Result, inputs string) {
	if r.Binary == "" {
		return
	}
	writeFileAtomic(inputsFile(r.Binary), []byte(inputs+"\n"+gotest.Stamp(r.Binary)+"\n"))
}
