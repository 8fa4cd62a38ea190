package checker

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The generated sources file must show the files a stand-in puts in the
// exercise's place, not the exercise's own files on disk.
func TestPackageSourcesFollowStandIns(t *testing.T) {
	ws, err := Open("..")
	if err != nil {
		t.Fatal(err)
	}
	ws.State = t.TempDir() // nothing goes into the clone
	e, err := ws.Exercise("ready")
	if err != nil {
		t.Fatal(err)
	}
	alt := t.TempDir()
	want := "package ready\n\n// a stand-in\n"
	if err := os.WriteFile(filepath.Join(alt, "only.go"), []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, err := ws.packageSources(ws.StandIn(e, alt))
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || string(srcs["only.go"]) != want {
		t.Fatalf("sources of the stand-in = %q, want only only.go", srcs)
	}
	gen := sourcesGo("ready_test", srcs, shippedSources(e))
	if _, err := parser.ParseFile(token.NewFileSet(), "gen.go", gen, 0); err != nil {
		t.Fatalf("generated file does not parse: %v\n%s", err, gen)
	}
	if !strings.Contains(string(gen), `"only.go": "package ready\n\n// a stand-in\n"`) {
		t.Errorf("generated file lacks the source:\n%s", gen)
	}
	// The shipped copy is the exercise's own, whatever stands in for it.
	if !strings.Contains(string(gen), "func flShippedSources() map[string]string {\n\treturn map[string]string{\n\t\t\"ready.go\": ") {
		t.Errorf("generated file lacks the shipped ready.go:\n%s", gen)
	}
}
