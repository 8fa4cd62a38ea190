package checker

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/futurelings/futurelings/checker/gotest"
)

// vetLimit bounds a vet run; vet findings are advice, never worth a wait.
const vetLimit = 30 * time.Second

var vetPosRE = regexp.MustCompile(`^(\S+?\.go):(\d+)(:\d+)?: (.*)$`)

// Vet runs go vet on the exercise's package, as go test would have before
// its checks (checks build with -vet=off so that vet never delays a
// verdict), and returns its findings in the learner's files, each as
// "file:line:col: message" relative to the workspace. Problems running vet
// itself give no findings: vet is advice, and the verdict has already said
// whether the code compiles.
//
// Findings are kept, by what the module and the toolchain looked like when
// vet ran, so that vet of unchanged code costs no go command at all.
func (w *Workspace) Vet(ctx context.Context, e *Exercise, opts Options) []string {
	key := inputsSum(w.treeSum(opts), gotest.Package{Dir: e.Dir})
	cache := filepath.Join(w.StateDir(), "vet", e.Name+".txt")
	if data, err := os.ReadFile(cache); err == nil {
		if sum, rest, ok := strings.Cut(string(data), "\n"); ok && sum == key {
			if rest == "" {
				return nil
			}
			return strings.Split(rest, "\n")
		}
	}
	findings, ok := w.vet(ctx, e, opts)
	if ok {
		os.MkdirAll(filepath.Dir(cache), 0o755)
		writeFileAtomic(cache, []byte(key+"\n"+strings.Join(findings, "\n")))
	}
	return findings
}

// vet runs go vet; ok is false when it did not run to its end.
func (w *Workspace) vet(ctx context.Context, e *Exercise, opts Options) (findings []string, ok bool) {
	ctx, cancel := context.WithTimeout(ctx, vetLimit)
	defer cancel()
	goCmd := opts.Go
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.CommandContext(ctx, goCmd, "vet", "./"+filepath.ToSlash(e.Dir))
	cmd.Dir = w.Root
	cmd.Env = buildEnv(opts.Env)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err == nil {
		// Vet is advice: it runs after the verdict, at the lowest priority.
		lowerPriority(cmd.Process.Pid)
		cmd.Wait()
	}
	if ctx.Err() != nil {
		return nil, false
	}
	for _, l := range strings.Split(out.String(), "\n") {
		m := vetPosRE.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(w.Root, file)
		}
		rel, err := filepath.Rel(w.Root, file)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		findings = append(findings, filepath.ToSlash(rel)+":"+m[2]+m[3]+": "+m[4])
	}
	return findings, true
}
