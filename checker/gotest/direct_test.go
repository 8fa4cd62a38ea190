package gotest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// xtestModule is a module with a package p, a package dep it builds on,
// and external checks kept outside it, as the checker lays them over.
func xtestModule(t *testing.T) (root string, pkg Package) {
	t.Helper()
	root = writeModule(t, map[string]string{
		"dep/dep.go": "package dep\n\nfunc Base() int { return 40 }\n",
		"p/p.go":     "package p\n\nimport \"example.com/m/dep\"\n\nfunc Answer() int { return dep.Base() + 2 }\n",
		"hidden/check.go": "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/p\"\n)\n\n" +
			"func TestAnswer(t *testing.T) {\n\tif got := p.Answer(); got != 42 {\n\t\tt.Errorf(\"Answer() = %d, want 42\", got)\n\t}\n}\n",
	})
	return root, Package{Dir: "p", Overlay: map[string]string{"zz_futurelings_check_test.go": filepath.Join(root, "hidden/check.go")}}
}

func learnOne(t *testing.T, opts BuildOptions, pkg Package) *Recipe {
	t.Helper()
	if _, err := Build(context.Background(), opts, []Package{pkg}); err != nil {
		t.Fatal(err)
	}
	rcs, err := Learn(context.Background(), opts, []Package{pkg})
	if err != nil {
		t.Fatal(err)
	}
	if rcs[0] == nil {
		t.Fatal("no recipe learned for a plain package with external tests")
	}
	return rcs[0]
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A program the recipe builds runs as the go command's does, and what does
// not compile is reported in the same words.
func TestRebuildAgreesWithBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root, pkg := xtestModule(t)
	env := os.Environ()
	opts := BuildOptions{Root: root, OutDir: t.TempDir(), TempDir: t.TempDir(), Env: env}
	rc := learnOne(t, opts, pkg)
	if !slices.Equal(rc.Locals, []string{"dep", "p"}) || !slices.Equal(rc.Tests, []string{"TestAnswer"}) {
		t.Errorf("recipe: locals %q, tests %q", rc.Locals, rc.Tests)
	}
	if strings.Contains(rc.TestMain, `_ "example.com/m/p"`) {
		t.Errorf("the recipe's main still imports the package under test:\n%s", rc.TestMain)
	}

	cases := []struct{ name, src, want string }{
		{"wrong", "package p\n\nimport \"example.com/m/dep\"\n\nfunc Answer() int { return dep.Base() }\n", "fail"},
		{"right again", "package p\n\nimport \"example.com/m/dep\"\n\n// Answer is the answer.\nfunc Answer() int { return dep.Base() + 2 }\n", "pass"},
		{"a new std import", "package p\n\nimport (\n\t\"strconv\"\n\n\t\"example.com/m/dep\"\n)\n\nfunc Answer() int { n, _ := strconv.Atoi(\"2\"); return dep.Base() + n }\n", "pass"},
		{"does not compile", "package p\n\nfunc Answer() int { return \"no\" }\n", "build"},
		{"the checks do not compile", "package p\n\nfunc Answr() int { return 42 }\n", "build"},
	}
	for _, c := range cases {
		write(t, root, "p/p.go", c.src)
		direct, err := rc.Rebuild(context.Background(), opts, pkg)
		if err != nil {
			t.Fatalf("%s: Rebuild: %v", c.name, err)
		}
		other := opts
		other.OutDir = t.TempDir()
		byGo, err := Build(context.Background(), other, []Package{pkg})
		if err != nil {
			t.Fatal(err)
		}
		if c.want == "build" {
			if !direct.BuildFailed || direct.Binary != "" || direct.FailedImport != byGo[0].FailedImport ||
				!slices.Equal(direct.BuildOutput, byGo[0].BuildOutput) {
				t.Errorf("%s: rebuilt: failed=%v import=%q output=%q; go command: import=%q output=%q", c.name,
					direct.BuildFailed, direct.FailedImport, direct.BuildOutput, byGo[0].FailedImport, byGo[0].BuildOutput)
			}
			continue
		}
		if direct.BuildFailed || direct.Binary != filepath.Join(opts.OutDir, "p.test") {
			t.Fatalf("%s: not rebuilt: %+v", c.name, direct)
		}
		a, b := execute(t, root, direct, 5*time.Second), execute(t, root, byGo[0], 5*time.Second)
		if got := a.Test("TestAnswer"); got == nil || got.Action != c.want || b.Test("TestAnswer").Action != c.want {
			t.Errorf("%s: TestAnswer %+v, by the go command %+v, want %s", c.name, got, b.Test("TestAnswer"), c.want)
		}
	}
}

// Whatever the recipe was not learned from goes to the go command, and a
// test file of the package's own is never compiled in.
func TestRebuildLeavesOtherShapesToTheGoCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root, pkg := xtestModule(t)
	opts := BuildOptions{Root: root, OutDir: t.TempDir(), TempDir: t.TempDir(), Env: os.Environ()}
	rc := learnOne(t, opts, pkg)
	orig, _ := os.ReadFile(filepath.Join(root, "p/p.go"))

	shapes := []struct {
		name  string
		files map[string]string
	}{
		{"a build constraint", map[string]string{"p/extra.go": "//go:build linux\n\npackage p\n"}},
		{"a file for one system", map[string]string{"p/extra_windows.go": "package p\n"}},
		{"cgo", map[string]string{"p/extra.go": "package p\n\nimport \"C\"\n"}},
		{"an embedded file", map[string]string{"p/extra.go": "package p\n\nimport _ \"embed\"\n\n//go:embed p.go\nvar src string\n"}},
		{"a directive", map[string]string{"p/extra.go": "package p\n\n//go:noinline\nfunc f() {}\n"}},
		{"an import outside the program", map[string]string{"p/extra.go": "package p\n\nimport _ \"encoding/xml\"\n"}},
		{"another package name", map[string]string{"p/extra.go": "package q\n"}},
		{"assembly", map[string]string{"p/extra.s": "\n"}},
		{"a syntax error", map[string]string{"p/extra.go": "package p\n\nfunc {\n"}},
		{"other checks", map[string]string{"hidden/check.go": "package p_test\n\nimport \"testing\"\n\nfunc TestOther(t *testing.T) {}\n"}},
	}
	check := string(mustRead(t, filepath.Join(root, "hidden/check.go")))
	for _, s := range shapes {
		for rel, data := range s.files {
			write(t, root, rel, data)
		}
		if r, err := rc.Rebuild(context.Background(), opts, pkg); !errors.Is(err, ErrNoRecipe) {
			t.Errorf("%s: Rebuild gave %+v, %v; want ErrNoRecipe", s.name, r, err)
		}
		for rel := range s.files {
			os.Remove(filepath.Join(root, filepath.FromSlash(rel)))
		}
		write(t, root, "hidden/check.go", check)
	}

	// An archive Go's cache no longer has.
	saved := rc.Archives["example.com/m/dep"]
	rc.Archives["example.com/m/dep"] = filepath.Join(t.TempDir(), "gone")
	if _, err := rc.Rebuild(context.Background(), opts, pkg); !errors.Is(err, ErrNoRecipe) {
		t.Errorf("a trimmed cache: %v, want ErrNoRecipe", err)
	}
	rc.Archives["example.com/m/dep"] = saved

	// A test file of the package's own, even one that no overlay names.
	write(t, root, "p/p.go", string(orig))
	write(t, root, "p/mine_test.go", "package p_test\n\nimport \"testing\"\n\nfunc TestAnswer(t *testing.T) {}\n\nfunc init() { panic(\"compiled in\") }\n")
	r, err := rc.Rebuild(context.Background(), opts, pkg)
	if err != nil || r.Binary == "" {
		t.Fatalf("Rebuild with a test file of the package's own: %+v, %v", r, err)
	}
	if got := execute(t, root, r, 5*time.Second); got.Panic != "" || got.Test("TestAnswer").Action != "pass" {
		t.Errorf("the package's own test file was compiled in: panic %q, %+v", got.Panic, got.Test("TestAnswer"))
	}

	// A kept main the linker cannot use goes to the go command once, and
	// is compiled afresh after that.
	os.Remove(filepath.Join(root, "p/mine_test.go"))
	if !isFile(r.Binary + ".main.key") {
		t.Fatal("the main was not kept")
	}
	write(t, root, "p/p.go", string(orig)+"\nvar more = 1\n")
	if err := os.WriteFile(r.Binary+".main", []byte("!<arch>\nnot a main"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Rebuild(context.Background(), opts, pkg); !errors.Is(err, ErrNoRecipe) {
		t.Errorf("a broken kept main: %v, want ErrNoRecipe", err)
	}
	if r, err := rc.Rebuild(context.Background(), opts, pkg); err != nil || r.Binary == "" {
		t.Errorf("after a broken kept main: %+v, %v", r, err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A recipe is not learned for shapes it cannot build: tests inside the
// package, or a package that another in the program builds on.
func TestLearnRefusesOtherShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root := writeModule(t, map[string]string{
		"p/p.go":          lib,
		"user/user.go":    "package user\n\nimport \"example.com/m/p\"\n\nfunc Twice() int { return 2 * p.Answer() }\n",
		"hidden/in.go":    hiddenTest(`if Answer() != 42 { t.Fail() }`),
		"hidden/x.go":     "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/p\"\n)\n\nfunc TestX(t *testing.T) { _ = p.Answer() }\n",
		"hidden/check.go": "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/user\"\n)\n\nfunc TestTwice(t *testing.T) {\n\tif user.Twice() != 84 {\n\t\tt.Fail()\n\t}\n}\n",
	})
	opts := BuildOptions{Root: root, OutDir: t.TempDir(), TempDir: t.TempDir(), Env: os.Environ()}
	for name, overlay := range map[string]map[string]string{
		"tests inside the package": {"zz_futurelings_in_test.go": filepath.Join(root, "hidden/in.go"),
			"zz_futurelings_x_test.go": filepath.Join(root, "hidden/x.go")},
		"a package built on it": {"zz_futurelings_check_test.go": filepath.Join(root, "hidden/check.go")},
	} {
		rcs, err := Learn(context.Background(), opts, []Package{{Dir: "p", Overlay: overlay}})
		if err != nil {
			t.Fatal(err)
		}
		if rcs[0] != nil {
			t.Errorf("%s: a recipe was learned", name)
		}
	}
}

func TestRecipeSaveAndLoad(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.recipe")
	rc := &Recipe{Format: recipeFormat, ImportPath: "example.com/m/p", Dir: "p", Archives: map[string]string{"fmt": "/a"}}
	if err := rc.Save(p); err != nil {
		t.Fatal(err)
	}
	if got := LoadRecipe(p); got == nil || got.Archives["fmt"] != "/a" {
		t.Errorf("loaded %+v", got)
	}
	for _, bad := range []string{"", "{", `{"Format":99,"ImportPath":"x","Dir":"p"}`, `{"Format":1,"ImportPath":"x","Dir":"p/../q"}`} {
		os.WriteFile(p, []byte(bad), 0o644)
		if got := LoadRecipe(p); got != nil {
			t.Errorf("LoadRecipe(%q) = %+v, want nil", bad, got)
		}
	}
}
