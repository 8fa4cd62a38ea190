package gotest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeModule lays out a throw-away module: files maps slash paths to
// contents.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.25\n"
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const lib = "package p\n\nfunc Answer() int { return 42 }\n"

func hiddenTest(body string) string {
	return "package p\n\nimport \"testing\"\n\nfunc TestAnswer(t *testing.T) {\n" + body + "\n}\n"
}

func TestRunVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{
		"ok/p.go":       lib,
		"wrong/p.go":    "package p\n\nfunc Answer() int { return 41 }\n",
		"broken/p.go":   "package p\n\nfunc Answer() int { return \"no\" }\n",
		"panics/p.go":   "package p\n\nfunc Answer() int { var m map[int]int; m[1] = 1; return 42 }\n",
		"loops/p.go":    "package p\n\nfunc Answer() int { for {} }\n",
		"exits/p.go":    "package p\n\nimport \"os\"\n\nfunc init() { os.Exit(0) }\n\nfunc Answer() int { return 42 }\n",
		"floods/p.go":   "package p\n\nimport \"fmt\"\n\nfunc Answer() int { for i := 0; i < 200000; i++ { fmt.Println(\"spam spam spam spam spam spam spam spam\", i) }; return 42 }\n",
		"hidden/a.go":   hiddenTest(`if got := Answer(); got != 42 { t.Errorf("Answer() = %d, want 42", got) }`),
		"hidden/two.go": "package p\n\nimport \"testing\"\n\nfunc TestSecond(t *testing.T) {}\n",
	})
	var pkgs []Package
	for _, dir := range []string{"ok", "wrong", "broken", "panics", "loops", "exits", "floods"} {
		pkgs = append(pkgs, Package{Dir: dir, Tests: []string{"TestAnswer", "TestSecond"}, Overlay: map[string]string{
			"zz_futurelings_a_test.go":   filepath.Join(root, "hidden/a.go"),
			"zz_futurelings_two_test.go": filepath.Join(root, "hidden/two.go"),
		}})
	}
	start := time.Now()
	res, err := Run(context.Background(), Options{Root: root, Timeout: 3 * time.Second, TempDir: t.TempDir()}, pkgs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("run took %v", time.Since(start))
	get := func(dir string) *Result {
		for _, r := range res {
			if r.Dir == dir {
				return r
			}
		}
		t.Fatalf("no result for %s", dir)
		return nil
	}

	if r := get("ok"); r.Action != "pass" || r.Test("TestAnswer").Action != "pass" || r.Test("TestSecond").Action != "pass" {
		t.Errorf("ok: %+v", r)
	}
	if r := get("wrong"); r.Test("TestAnswer").Action != "fail" || !strings.Contains(strings.Join(r.Test("TestAnswer").Output, "\n"), "Answer() = 41, want 42") {
		t.Errorf("wrong: action %q output %q", r.Test("TestAnswer").Action, r.Test("TestAnswer").Output)
	}
	if r := get("broken"); !r.BuildFailed || len(r.BuildOutput) == 0 || !strings.HasPrefix(r.BuildOutput[0], "broken/p.go:3:") {
		t.Errorf("broken: failed=%v output=%q", r.BuildFailed, r.BuildOutput)
	}
	if r := get("panics"); !strings.Contains(r.Panic, "assignment to entry in nil map") || len(r.Frames) == 0 || !strings.HasPrefix(r.Frames[0], "panics/p.go:3") {
		t.Errorf("panics: panic=%q frames=%q", r.Panic, r.Frames)
	}
	if r := get("loops"); !r.TimedOut || r.Running != "TestAnswer" {
		t.Errorf("loops: timedOut=%v running=%q output=%q", r.TimedOut, r.Running, r.Output)
	}
	if r := get("exits"); r.Test("TestAnswer") != nil {
		t.Errorf("exits: TestAnswer ran: %+v", r.Test("TestAnswer"))
	}
	if r := get("floods"); r.Test("TestAnswer") == nil || !r.Test("TestAnswer").dropped {
		t.Errorf("floods: output was not capped")
	}
}

func TestRunFloodLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{
		"floods/p.go":      "package p\n\nimport \"fmt\"\n\nfunc Answer() int { for { fmt.Println(\"spam spam spam spam spam spam spam spam\") } }\n",
		"floods/p_test.go": hiddenTest("Answer()"),
	})
	res, err := Run(context.Background(), Options{Root: root, Timeout: 20 * time.Second, FloodLimit: 4 << 20},
		[]Package{{Dir: "floods", Tests: []string{"TestAnswer"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Flooded {
		t.Errorf("not marked as flooded: %+v", res[0])
	}
}

func TestRunNoGo(t *testing.T) {
	root := writeModule(t, map[string]string{"ok/p.go": lib})
	_, err := Run(context.Background(), Options{Root: root, Go: "no-such-go-command"}, []Package{{Dir: "ok"}})
	if err == nil || !strings.Contains(err.Error(), "Go toolchain was not found") {
		t.Errorf("err = %v", err)
	}
}

func TestHeadTail(t *testing.T) {
	h := headTail{max: 10}
	h.write("0123456789")
	h.write("abcdefghij")
	if got := h.String(); !strings.HasPrefix(got, "01234") || !strings.HasSuffix(got, "fghij") || !strings.Contains(got, "10 bytes of output cut") {
		t.Errorf("got %q", got)
	}
}

func TestRunCountKeepsAFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{
		"flaky/p.go": lib,
		"flaky/p_test.go": "package p\n\nimport \"testing\"\n\nvar runs int\n\n" +
			"func TestAnswer(t *testing.T) {\n\truns++\n\tif runs == 2 {\n\t\tt.Fatal(\"second run fails\")\n\t}\n}\n",
	})
	res, err := Run(context.Background(), Options{Root: root, Args: []string{"-count=3"}},
		[]Package{{Dir: "flaky", Tests: []string{"TestAnswer"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res[0].Test("TestAnswer").Action; got != "fail" {
		t.Errorf("a test that failed once in three runs reports %q, want fail", got)
	}
}
