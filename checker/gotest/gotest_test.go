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

// buildAll builds every listed folder of root with the hidden test laid
// over it, and fails the test if the build could not run.
func buildAll(t *testing.T, root string, dirs ...string) map[string]*Result {
	t.Helper()
	var pkgs []Package
	for _, dir := range dirs {
		pkgs = append(pkgs, Package{Dir: dir, Overlay: map[string]string{
			"zz_futurelings_a_test.go": filepath.Join(root, "hidden/a.go"),
		}})
	}
	res, err := Build(context.Background(), BuildOptions{Root: root, OutDir: t.TempDir(), Env: os.Environ()}, pkgs)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*Result{}
	for _, r := range res {
		out[r.Dir] = r
	}
	return out
}

func execute(t *testing.T, root string, r *Result, timeout time.Duration, args ...string) *Result {
	t.Helper()
	if r.Binary == "" {
		t.Fatalf("%s was not built: %q", r.Dir, r.BuildOutput)
	}
	start := time.Now()
	Exec(context.Background(), ExecOptions{
		Root:    root,
		WorkDir: t.TempDir(),
		Args:    append([]string{"-test.v=test2json", "-test.timeout=" + timeout.String()}, args...),
		Env:     os.Environ(),
		Timeout: timeout,
		Marker:  "test-" + r.Dir,
	}, r)
	if took := time.Since(start); took > timeout+4*time.Second {
		t.Errorf("%s: the run took %v, past its limit of %v and the grace periods", r.Dir, took, timeout)
	}
	return r
}

func TestBuildAndExec(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{
		"ok/p.go":       lib,
		"wrong/p.go":    "package p\n\nfunc Answer() int { return 41 }\n",
		"broken/p.go":   "package p\n\nfunc Answer() int { return \"no\" }\n",
		"panics/p.go":   "package p\n\nfunc Answer() int { var m map[int]int; m[1] = 1; return 42 }\n",
		"loops/p.go":    "package p\n\nfunc Answer() int { for {} }\n",
		"initloop/p.go": "package p\n\nimport \"os\"\n\nfunc init() {\n\tos.Args = os.Args[:1]\n\tfor {\n\t}\n}\n\nfunc Answer() int { return 42 }\n",
		"exits/p.go":    "package p\n\nimport \"os\"\n\nfunc init() { os.Exit(0) }\n\nfunc Answer() int { return 42 }\n",
		"floods/p.go":   "package p\n\nimport \"fmt\"\n\nfunc Answer() int { for i := 0; i < 200000; i++ { fmt.Println(\"spam spam spam spam spam spam spam spam\", i) }; return 42 }\n",
		"recurses/p.go": "package p\n\nimport \"runtime/debug\"\n\nfunc Answer() int { return Answer() + 1 }\n\nfunc init() { debug.SetMaxStack(16 << 20) }\n",
		"hidden/a.go":   hiddenTest(`if got := Answer(); got != 42 { t.Errorf("Answer() = %d, want 42", got) }`),
	})
	rs := buildAll(t, root, "ok", "wrong", "broken", "panics", "loops", "initloop", "exits", "floods", "recurses")

	if r := rs["broken"]; !r.BuildFailed || len(r.BuildOutput) == 0 || !strings.HasPrefix(r.BuildOutput[0], "broken/p.go:3:") || r.Binary != "" {
		t.Errorf("broken: failed=%v output=%q binary=%q", r.BuildFailed, r.BuildOutput, r.Binary)
	}
	if r := execute(t, root, rs["ok"], 5*time.Second); r.Test("TestAnswer").Action != "pass" || r.ExitCode != 0 || !r.Ended {
		t.Errorf("ok: %+v", r)
	}
	if r := execute(t, root, rs["wrong"], 5*time.Second); r.Test("TestAnswer").Action != "fail" || !strings.Contains(strings.Join(r.Test("TestAnswer").Output, "\n"), "Answer() = 41, want 42") {
		t.Errorf("wrong: %+v", r.Test("TestAnswer"))
	}
	if r := execute(t, root, rs["panics"], 5*time.Second); !strings.Contains(r.Panic, "assignment to entry in nil map") || len(r.Frames) == 0 || !strings.HasPrefix(r.Frames[0], "panics/p.go:3") {
		t.Errorf("panics: panic=%q frames=%q", r.Panic, r.Frames)
	}
	// Where Go stops an empty "for {}" varies: its line, or line 1 (shown
	// as the function, see frameLine).
	if r := execute(t, root, rs["loops"], 2*time.Second); !r.TimedOut || r.Running != "TestAnswer" || len(r.Frames) == 0 ||
		(r.Frames[0] != "loops/p.go (in Answer)" && r.Frames[0] != "loops/p.go:3") {
		t.Errorf("loops: timedOut=%v running=%q frames=%q", r.TimedOut, r.Running, r.Frames)
	}
	// An init that loops and throws away the test flags is still stopped,
	// by futurelings' own clock, and shown to be in an init. (The line Go
	// names for an empty "for {}" depends on its version: line 1, for
	// which the frame says the function instead, or a line near the loop.)
	if r := execute(t, root, rs["initloop"], 2*time.Second); !r.TimedOut || !r.InInit || len(r.Frames) == 0 ||
		(r.Frames[0] != "initloop/p.go (in an init function)" && !strings.HasPrefix(r.Frames[0], "initloop/p.go:")) {
		t.Errorf("initloop: timedOut=%v inInit=%v frames=%q output=%q", r.TimedOut, r.InInit, r.Frames, r.Output)
	}
	if r := execute(t, root, rs["exits"], 5*time.Second); r.Test("TestAnswer") != nil || r.Ended {
		t.Errorf("exits: TestAnswer ran: %+v", r.Test("TestAnswer"))
	}
	if r := execute(t, root, rs["floods"], 5*time.Second); r.Test("TestAnswer") == nil || !r.Test("TestAnswer").dropped {
		t.Errorf("floods: output was not capped")
	}
	if r := execute(t, root, rs["recurses"], 10*time.Second); r.Fatal != "stack overflow" || len(r.Frames) == 0 || !strings.HasPrefix(r.Frames[0], "recurses/p.go:5") {
		t.Errorf("recurses: fatal=%q frames=%q", r.Fatal, r.Frames)
	}
}

func TestExecFloodLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{
		"floods/p.go": "package p\n\nimport \"fmt\"\n\nfunc Answer() int { for { fmt.Println(\"spam spam spam spam spam spam spam spam\") } }\n",
		"hidden/a.go": hiddenTest("Answer()"),
	})
	r := buildAll(t, root, "floods")["floods"]
	Exec(context.Background(), ExecOptions{Root: root, WorkDir: t.TempDir(), Args: []string{"-test.v=test2json"},
		Env: os.Environ(), Timeout: 20 * time.Second, FloodLimit: 4 << 20}, r)
	if !r.Flooded {
		t.Errorf("not marked as flooded: %+v", r)
	}
}

// A program changed between its build and its run is not run.
func TestExecRefusesAChangedProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{"ok/p.go": lib, "hidden/a.go": hiddenTest("")})
	r := buildAll(t, root, "ok")["ok"]
	time.Sleep(10 * time.Millisecond)
	data, err := os.ReadFile(r.Binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.Binary, data, 0o755); err != nil {
		t.Fatal(err)
	}
	Exec(context.Background(), ExecOptions{Root: root, WorkDir: t.TempDir(), Env: os.Environ()}, r)
	if r.StartErr != ErrChanged {
		t.Errorf("StartErr = %v, want ErrChanged", r.StartErr)
	}
}

func TestBuildNoGo(t *testing.T) {
	root := writeModule(t, map[string]string{"ok/p.go": lib})
	_, err := Build(context.Background(), BuildOptions{Root: root, Go: "no-such-go-command", OutDir: t.TempDir()}, []Package{{Dir: "ok"}})
	if err == nil || !strings.Contains(err.Error(), "Go toolchain was not found") {
		t.Errorf("err = %v", err)
	}
}

func TestHeadTail(t *testing.T) {
	h := headTail{max: 10}
	h.write("0123456789abcdef")
	if got := h.String(); !strings.HasPrefix(got, "01234") || !strings.HasSuffix(got, "bcdef") || h.dropped != 6 {
		t.Errorf("headTail = %q, dropped %d", got, h.dropped)
	}
}

func TestOutputAttributesLinesToTests(t *testing.T) {
	r := &Result{}
	p := newOutputParser("/w", r, 1<<10)
	for _, l := range []string{
		"printed by init",
		"\x16=== RUN   TestA",
		"    a_test.go:3: a message",
		"\x16=== RUN   TestA/sub",
		"    a_test.go:5: from a subtest",
		"\x16    --- FAIL: TestA/sub (0.00s)",
		"\x16--- FAIL: TestA (0.01s)",
		"\x16=== RUN   TestB",
		"\x16--- PASS: TestB (0.00s)",
		"\x16FAIL",
	} {
		p.line(l)
	}
	p.finish()
	a, b := r.Test("TestA"), r.Test("TestB")
	if a == nil || a.Action != "fail" || len(a.Output) != 2 || b == nil || b.Action != "pass" || !r.Ended {
		t.Fatalf("tests: %+v %+v", a, b)
	}
	if r.Output != "printed by init\n" {
		t.Errorf("package output = %q", r.Output)
	}
}

// A stack dump of code stuck in an empty "for {}" names line 1 of its
// file, where no code is: the file is kept with the function instead of
// the line, and the same call's frame under it (when the call was
// inlined) is not a caller.
func TestFramesDropAFilesFirstLine(t *testing.T) {
	r := &Result{}
	p := newOutputParser("/w", r, 1<<10)
	for _, l := range []string{
		"SIGQUIT: quit",
		"goroutine 21 gp=0x2d39c4982780 m=0 mp=0x7001e0 [running]:",
		"example.com/x/ready.(*ReadyFuture[...]).Poll(...)",
		"\t/w/exercises/ready/ready.go:1",
		"example.com/x/ready.(*ReadyFuture[...]).Poll(0x71ef40?)",
		"\t/w/exercises/ready/ready.go:64 +0x2 fp=0x2d39c4996c60 sp=0x2d39c4996c58 pc=0x5348c2",
		"example.com/x/core.(*Recorder[...]).Step(0x5b4e80)",
		"\t/w/core/recorder.go:89 +0xea fp=0x2d39c4996cb0 sp=0x2d39c4996c60 pc=0x53562a",
	} {
		p.line(l)
	}
	p.finish()
	if want := []string{"exercises/ready/ready.go (in (*ReadyFuture[...]).Poll)", "core/recorder.go:89"}; strings.Join(r.Frames, "|") != strings.Join(want, "|") {
		t.Errorf("frames %q, want %q", r.Frames, want)
	}
}

func TestFramesKeepTheFileOfAFirstLine(t *testing.T) {
	r := &Result{}
	p := newOutputParser("/w", r, 1<<10)
	for _, l := range []string{
		"panic: test timed out after 3s",
		"goroutine 7 [running]:",
		"example.com/x/ready.(*ReadyFuture[...]).Poll(...)",
		"\t/w/exercises/ready/ready.go:1",
		"example.com/x/core.(*Recorder[...]).Step(0x5b4e80)",
		"\t/w/core/recorder.go:89 +0xea",
	} {
		p.line(l)
	}
	p.finish()
	if want := []string{"exercises/ready/ready.go (in (*ReadyFuture[...]).Poll)", "core/recorder.go:89"}; strings.Join(r.Frames, "|") != strings.Join(want, "|") {
		t.Errorf("frames %q, want %q", r.Frames, want)
	}
}

func TestFramesNameAnInitFunction(t *testing.T) {
	r := &Result{}
	p := newOutputParser("/w", r, 1<<10)
	for _, l := range []string{
		"SIGQUIT: quit",
		"goroutine 1 gp=0x2352c8da81e0 m=0 mp=0x7001e0 [running, locked to thread]:",
		"example.com/x/exercises/ready.init.0()",
		"\t/w/exercises/ready/stuck.go:1 +0xf fp=0x2352c8e8ee28 sp=0x2352c8e8ee18 pc=0x530e8f",
		"runtime.doInit1(0x6dbaa0)",
		"\t/usr/local/go/src/runtime/proc.go:8103 +0xd5",
	} {
		p.line(l)
	}
	p.finish()
	if want := "exercises/ready/stuck.go (in an init function)"; strings.Join(r.Frames, "|") != want || !r.InInit {
		t.Errorf("frames %q (in init %v), want %q in init", r.Frames, r.InInit, want)
	}
}
