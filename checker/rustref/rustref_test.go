package rustref

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// root is the repository's top, where exercises.toml lives.
const root = "../.."

// loadOut parses every out/*.sizes.txt.
func loadOut(t *testing.T) []Type {
	t.Helper()
	files, err := filepath.Glob("out/*.sizes.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no out/*.sizes.txt (%v): run sh checker/rustref/gen.sh", err)
	}
	var all []Type
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		types, err := ParseSizes(string(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, types...)
	}
	return all
}

func TestParseSizes(t *testing.T) {
	types := loadOut(t)
	add, ok := Lookup(types, "add_slowly")
	if !ok {
		t.Fatal("no add_slowly in out/")
	}
	if add.Tag != 1 || len(add.Variants) != 5 {
		t.Errorf("add_slowly: tag %d, %d variants; want 1 and 5 (Unresumed, Suspend0, Suspend1, Returned, Panicked)", add.Tag, len(add.Variants))
	}
	if add.Ideal() >= add.Size {
		t.Errorf("add_slowly: ideal %d, real %d: the arguments kept in every state should make the real one larger", add.Ideal(), add.Size)
	}
	for short, full := range map[string]string{
		"side":                   "{async fn body of side()}",
		"MaybeDone<side>":        "std::future::join::MaybeDone<{async fn body of side()}>",
		"YieldOnce<u32>":         "common::YieldOnce<u32>",
		"async block in join.rs": "{async block@/rustc/0123abcd/library/core/src/future/join.rs:106:68: 106:73}",
	} {
		if got := Short(full); got != short {
			t.Errorf("Short(%q) = %q; want %q", full, got, short)
		}
	}
	if _, ok := Lookup(types, "MaybeDone<side>"); !ok {
		t.Error("no MaybeDone<side> in out/: the join figures have nothing to come from")
	}
	if _, err := ParseSizes("print-type-size type: `T`: 4 bytes, alignment: 4 bytes\nprint-type-size     something new: 4 bytes\n"); err == nil {
		t.Error("ParseSizes accepted a line it cannot read")
	}
}

// TestSizeOfValAgrees: what each example printed with size_of_val when it
// ran is what -Zprint-type-sizes says, so the two kinds of output in out/
// cannot disagree either.
func TestSizeOfValAgrees(t *testing.T) {
	types := loadOut(t)
	files, _ := filepath.Glob("out/*.run.txt")
	line := regexp.MustCompile(`^size_of_val\((\w+)\) = (\d+)$`)
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			m := line.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			seen++
			ty, ok := Lookup(types, m[1])
			if !ok {
				t.Errorf("%s: %s ran, but out/ has no layout for it", f, m[1])
			} else if fmt.Sprint(ty.Size) != m[2] {
				t.Errorf("%s: size_of_val(%s) = %s, but its layout says %d bytes", f, m[1], m[2], ty.Size)
			}
		}
	}
	if seen == 0 {
		t.Error("no size_of_val lines in out/*.run.txt")
	}
}

// A figure is one statement of the course about a Rust size: a phrase that
// must appear in a file, with placeholders for the numbers.
type figure struct {
	where  string // figures.txt:line
	path   string
	phrase string
}

func loadFigures(t *testing.T) []figure {
	t.Helper()
	f, err := os.Open("figures.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var figs []figure
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		path, phrase, ok := strings.Cut(l, ": ")
		if !ok {
			t.Fatalf("figures.txt:%d: want PATH: PHRASE, got %q", n, l)
		}
		figs = append(figs, figure{fmt.Sprintf("figures.txt:%d", n), path, strings.TrimSpace(phrase)})
	}
	return figs
}

var (
	placeholder = regexp.MustCompile(`\{(size|ideal|widest):([^}]+)\}`)
	sizeTerm    = regexp.MustCompile(`([+-]?)([^+-]+)`)
)

// render fills a phrase's placeholders with rustc's figures.
func render(types []Type, phrase string) (string, error) {
	var err error
	s := placeholder.ReplaceAllStringFunc(phrase, func(p string) string {
		m := placeholder.FindStringSubmatch(p)
		// {size:A-B} is how much bigger A is than B, {size:A+B} the two
		// together.
		n, sign := 0, 1
		for _, term := range sizeTerm.FindAllStringSubmatch(m[2], -1) {
			if term[1] == "-" {
				sign = -1
			} else if term[1] == "+" {
				sign = 1
			}
			name := term[2]
			ty, ok := Lookup(types, name)
			if !ok {
				err = fmt.Errorf("%s: no type %q in out/*.sizes.txt", p, name)
				return p
			}
			size := ty.Size
			switch m[1] {
			case "ideal":
				size = ty.Ideal()
			case "widest":
				size = ty.Widest()
			}
			n += sign * size
		}
		return fmt.Sprint(n)
	})
	return s, err
}

// pattern turns a phrase into a regexp where each placeholder is any number,
// to show what a file says instead when the phrase is not found.
func pattern(phrase string) *regexp.Regexp {
	var b strings.Builder
	last := 0
	for _, loc := range placeholder.FindAllStringIndex(phrase, -1) {
		b.WriteString(regexp.QuoteMeta(phrase[last:loc[0]]))
		b.WriteString(`\d+(?:[.,]\d+)*`)
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(phrase[last:]))
	return regexp.MustCompile(b.String())
}

// normalize makes prose comparable across line breaks: comment markers and
// indentation go, and every run of white space becomes one space.
func normalize(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "//")
		lines[i] = l
	}
	return strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
}

// TestCourseFiguresMatchRustc: every size the course states about Rust
// (figures.txt lists where) is rustc's. Edit a number in a text and the
// phrase is no longer there; edit it in out/ and the phrase rendered from
// it is no longer in the text: either way this fails, and says both.
func TestCourseFiguresMatchRustc(t *testing.T) {
	types := loadOut(t)
	for _, fig := range loadFigures(t) {
		want, err := render(types, fig.phrase)
		if err != nil {
			t.Errorf("%s: %v", fig.where, err)
			continue
		}
		paths := []string{fig.path}
		for _, p := range paths {
			b, err := os.ReadFile(filepath.Join(root, p))
			if err != nil {
				t.Errorf("%s: %v", fig.where, err)
				continue
			}
			text := normalize(string(b))
			if strings.Contains(text, normalize(want)) {
				continue
			}
			if got := pattern(normalize(fig.phrase)).FindString(text); got != "" {
				t.Errorf("%s: %s says %q, but rustc's output in checker/rustref/out/ gives %q", fig.where, p, got, want)
			} else {
				t.Errorf("%s: %s no longer says %q (rustc's figure); put it back or update figures.txt", fig.where, p, want)
			}
		}
	}
}

// TestShownOutputIsRustcs: wherever the course shows a line of
// -Zprint-type-sizes output, it is a line of the committed output.
func TestShownOutputIsRustcs(t *testing.T) {
	lines := map[string]bool{}
	files, _ := filepath.Glob("out/*.sizes.txt")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(b), "\n") {
			lines[strings.Join(strings.Fields(l), " ")] = true
		}
	}
	shown := 0
	for _, dir := range []string{"exercises", "solutions", "core", "checker/hidden/testdata", "exercises.toml"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, ".toml") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for i, l := range strings.Split(string(b), "\n") {
				_, rest, ok := strings.Cut(l, "print-type-size ")
				if !ok || strings.Contains(l, "-Zprint-type-sizes") {
					continue
				}
				shown++
				l = strings.Join(strings.Fields("print-type-size "+rest), " ")
				if !lines[l] {
					rel, _ := filepath.Rel(root, p)
					t.Errorf("%s:%d shows %q, which is not in rustc's output in checker/rustref/out/", rel, i+1, l)
				}
			}
			return nil
		})
	}
	t.Logf("%d lines of rustc output shown in the course", shown)
}

// TestRegenerated runs gen.sh and compares its output with the committed
// one. It needs sh and the rustc that made out/; without them it skips.
func TestRegenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the Rust examples")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run gen.sh")
	}
	v, err := exec.Command("rustc", "--version").Output()
	if err != nil {
		t.Skip("no rustc: the committed output is checked by the other tests")
	}
	head, _ := os.ReadFile("out/add_slowly.sizes.txt")
	fields := strings.Fields(string(v))
	if len(fields) < 2 || !strings.Contains(string(head), "# rustc "+fields[1]+" ") {
		t.Skipf("rustc is %s, not the version out/ was made with", strings.TrimSpace(string(v)))
	}
	dir := t.TempDir()
	if out, err := exec.Command("sh", "gen.sh", dir).CombinedOutput(); err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, out)
	}
	got, _ := filepath.Glob(filepath.Join(dir, "*"))
	want, _ := filepath.Glob("out/*")
	if len(got) != len(want) {
		t.Errorf("gen.sh made %d files, out/ holds %d: run sh checker/rustref/gen.sh", len(got), len(want))
	}
	for _, g := range got {
		name := filepath.Base(g)
		a, _ := os.ReadFile(g)
		b, err := os.ReadFile(filepath.Join("out", name))
		if err != nil || string(a) != string(b) {
			t.Errorf("out/%s differs from what rustc makes now: run sh checker/rustref/gen.sh and commit", name)
		}
	}
}
