package checker_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/futurelings/futurelings/checker"
)

// TestMain fails the package's tests when they leave a state folder in the
// repository: a learner's next command would take it for lost progress.
func TestMain(m *testing.M) {
	state := filepath.Join("..", checker.StateDirName)
	_, err := os.Stat(state)
	before := err == nil
	code := m.Run()
	if _, err := os.Stat(state); err == nil && !before {
		fmt.Fprintf(os.Stderr, "the tests left %s in the repository; give the workspace a State folder of its own\n", state)
		os.RemoveAll(state)
		code = 1
	}
	os.Exit(code)
}
