package checker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/futurelings/futurelings/checker/gotest"
)

// A pass is kept, like go test keeps a passing result, so that checking a
// solved course again costs no program runs: when the kept program and
// everything it was built from are unchanged (see prebuilt.go), and the
// time limit is the same, its earlier pass is the verdict. Only passes are
// kept, and only for a single run of each check. They are kept in the
// user's cache folder, beside Go's own build cache and trusted as it is;
// Options.NoCache, verify's --no-cache, ignores both.

// passKey names one program run's result. futurelings' own executable is
// part of it: another version may judge the same run differently.
func passKey(sum string, r *gotest.Result, opts Options, shown string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%v\x00%s\x00%s", sum, r.Binary, gotest.Stamp(r.Binary), opts.Timeout, shown, self)))
	return hex.EncodeToString(h[:])
}

// self identifies the running futurelings executable.
var self = func() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	return p + "\x00" + gotest.Stamp(p)
}()

// keptPass is a passing verdict as kept on disk.
type keptPass struct {
	Summary string
	Checks  []Check
	Output  string
	Elapsed time.Duration
}

func passDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "futurelings", "passes")
}

// cachedPass returns the kept pass for key, or nil.
func cachedPass(key string, e *Exercise, dir string) *Verdict {
	base := passDir()
	if base == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(base, key[:2], key))
	if err != nil {
		return nil
	}
	var k keptPass
	if json.Unmarshal(data, &k) != nil || len(k.Checks) == 0 {
		return nil
	}
	return &Verdict{Exercise: e, Dir: dir, Status: Passed, Summary: k.Summary, Checks: k.Checks, Output: k.Output, Elapsed: k.Elapsed}
}

// keepPass keeps a passing verdict under key.
func keepPass(key string, v *Verdict) {
	base := passDir()
	if base == "" || !v.Passed() {
		return
	}
	data, err := json.Marshal(keptPass{Summary: v.Summary, Checks: v.Checks, Output: v.Output, Elapsed: v.Elapsed})
	if err != nil {
		return
	}
	p := filepath.Join(base, key[:2], key)
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		writeFileAtomic(p, data)
	}
}
