package course

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	src := `format_version = 1
welcome = "hi"

[[exercise]]
name = "yield_once"
dir = "exercises/2_state_machines/yield_once/"
hint = """
Wake, then Pending."""

[[exercise]]
name = "add_slowly"
dir = "exercises/2_state_machines/add_slowly"
hint = "Follow the diagram."
requires = ["yield_once"]
`
	c, err := Parse("exercises.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Names(), ","); got != "yield_once,add_slowly" {
		t.Errorf("names = %s", got)
	}
	e := c.Lookup("yield_once")
	if e.Dir != "exercises/2_state_machines/yield_once" || e.Line != 4 || e.Hint != "Wake, then Pending." || e.Index != 0 {
		t.Errorf("yield_once = %+v", *e)
	}
	if got := e.SolutionDir(); got != "solutions/2_state_machines/yield_once" {
		t.Errorf("SolutionDir = %s", got)
	}
	if r := c.Lookup("add_slowly").Requires; len(r) != 1 || r[0] != "yield_once" {
		t.Errorf("add_slowly requires %q, want [yield_once]", r)
	}
	if len(e.Hints) != 1 || e.Hints[0] != "Wake, then Pending." {
		t.Errorf("a single hint is one level: %q", e.Hints)
	}
	if c.Lookup("add_slowly").Line != 10 {
		t.Errorf("add_slowly line = %d, want 10", c.Lookup("add_slowly").Line)
	}
	if c.Welcome != "hi" || c.Lookup("nope") != nil {
		t.Errorf("welcome %q / lookup of unknown", c.Welcome)
	}
}

func TestParseHintLevels(t *testing.T) {
	src := `format_version = 1

[[exercise]]
name = "a"
dir = "exercises/a"
hints = [
  "First a nudge.",
  """
  Then more.""",
  """
Nearly the answer.
""",
]
`
	c, err := Parse("exercises.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e := c.Lookup("a")
	want := []string{"First a nudge.", "Then more.", "Nearly the answer."}
	if strings.Join(e.Hints, "|") != strings.Join(want, "|") {
		t.Errorf("Hints = %q, want %q", e.Hints, want)
	}
	if e.Hint != strings.Join(want, "\n\n") {
		t.Errorf("Hint = %q, want every level", e.Hint)
	}
}

func TestParseErrors(t *testing.T) {
	head := "format_version = 1\n"
	entry := func(name, dir, hint string) string {
		return "[[exercise]]\nname = \"" + name + "\"\ndir = \"" + dir + "\"\nhint = \"" + hint + "\"\n"
	}
	tests := []struct {
		name, src string
		want      []string // each must appear in the error text
	}{
		{"unknown key", head + "[[exercise]]\nname = \"a\"\ndir = \"exercises/a\"\nhnt = \"x\"\n",
			[]string{"exercises.toml:5:", `unknown key "exercise.hnt"`}},
		{"syntax", head + "[[exercise]\n", []string{"exercises.toml:2:", "not valid TOML"}},
		{"duplicate name", head + entry("a", "exercises/a", "h") + entry("a", "exercises/b", "h"),
			[]string{"exercises.toml:6:", `"a" is used twice (first at line 2)`}},
		{"missing hint", head + entry("a", "exercises/a", ""), []string{"exercises.toml:2:", "has no hint"}},
		{"bad name", head + entry("Big-Name", "exercises/a", "h"), []string{"may only use a-z"}},
		{"dir outside", head + entry("a", "solutions/a", "h"), []string{"must be a folder inside exercises/"}},
		{"dir escapes", head + entry("a", "exercises/../core", "h"), []string{"must be a folder inside exercises/"}},
		{"no version", entry("a", "exercises/a", "h"), []string{"format_version is missing"}},
		{"future version", "format_version = 9\n" + entry("a", "exercises/a", "h"), []string{"exercises.toml:1:", "version 9 is not supported"}},
		{"no exercises", head, []string{"no exercises"}},
		{"requires a later one", head + entry("a", "exercises/a", "h") + "requires = [\"b\"]\n" + entry("b", "exercises/b", "h"),
			[]string{"exercises.toml:2:", `requires "b", which is not an earlier exercise`}},
		{"requires an unknown one", head + entry("a", "exercises/a", "h") + entry("b", "exercises/b", "h") + "requires = [\"c\"]\n",
			[]string{"exercises.toml:6:", `requires "c"`}},
		{"requires itself", head + entry("a", "exercises/a", "h") + "requires = [\"a\"]\n", []string{"requires itself"}},
		{"requires twice", head + entry("a", "exercises/a", "h") + entry("b", "exercises/b", "h") + "requires = [\"a\", \"a\"]\n",
			[]string{`requires "a" twice`}},
		{"hint and hints", head + "[[exercise]]\nname = \"a\"\ndir = \"exercises/a\"\nhint = \"x\"\nhints = [\"y\"]\n",
			[]string{"exercises.toml:2:", "both hint and hints"}},
		{"empty level", head + "[[exercise]]\nname = \"a\"\ndir = \"exercises/a\"\n\nhints = [\"y\", \"  \"]\n",
			[]string{"exercises.toml:6:", "level 2 of hints is empty"}},
		{"no levels", head + "[[exercise]]\nname = \"a\"\ndir = \"exercises/a\"\nhints = []\n",
			[]string{"exercises.toml:5:", "no level at all"}},
		{"hints not a list", head + "[[exercise]]\nname = \"a\"\ndir = \"exercises/a\"\nhints = \"y\"\n",
			[]string{"exercises.toml:5:", "not valid TOML"}},
		{"shared dir", head + entry("a", "exercises/a", "h") + entry("b", "exercises/a", "h"), []string{"which a already uses"}},
		{"lesson without title", head + "[[lesson]]\ndir = \"exercises/1\"\n" + entry("a", "exercises/1/a", "h"),
			[]string{"exercises.toml:2:", "lesson 1 has no title"}},
		{"lesson outside", head + "[[lesson]]\ntitle = \"T\"\ndir = \"core\"\n" + entry("a", "exercises/1/a", "h"),
			[]string{"exercises.toml:2:", "lesson 1: dir \"core\" must be a folder inside exercises/"}},
		{"lesson folder twice", head + lesson("A", "exercises/1") + lesson("B", "exercises/1/") + entry("a", "exercises/1/a", "h"),
			[]string{"exercises.toml:5:", "lesson 2 uses the folder exercises/1, which lesson 1 (line 2) already uses"}},
		{"exercise in no lesson", head + lesson("A", "exercises/1") + entry("a", "exercises/1/a", "h") + entry("b", "exercises/2/b", "h"),
			[]string{"exercises.toml:9:", "exercise b (exercises/2/b) is in no lesson's folder"}},
		{"lesson split", head + lesson("A", "exercises/1") + lesson("B", "exercises/2") +
			entry("a", "exercises/1/a", "h") + entry("b", "exercises/2/b", "h") + entry("c", "exercises/1/c", "h"),
			[]string{"exercises.toml:16:", "exercise c belongs to lesson 1 (A), whose exercises must follow each other; move it after a"}},
		{"lesson key typo", head + "[[lesson]]\ntitel = \"A\"\n", []string{"exercises.toml:3:", `unknown key "lesson.titel"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("exercises.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func lesson(title, dir string) string {
	return "[[lesson]]\ntitle = \"" + title + "\"\ndir = \"" + dir + "\"\n"
}

func TestParseLessons(t *testing.T) {
	src := "format_version = 1\n" + lesson("Futures", "exercises/1_futures") +
		"[[exercise]]\nname = \"a\"\ndir = \"exercises/1_futures/a\"\nhint = \"h\"\n" +
		lesson("State machines", "exercises/2_sm") + lesson("Later", "exercises/3_later") +
		"[[exercise]]\nname = \"b\"\ndir = \"exercises/2_sm/b\"\nhint = \"h\"\n"
	c, err := Parse("exercises.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Lessons) != 3 {
		t.Fatalf("%d lessons, want 3", len(c.Lessons))
	}
	l := c.Lessons[1]
	if l.Title != "State machines" || l.Number != 2 || l.Line != 9 || len(l.Exercises) != 1 || l.Exercises[0].Name != "b" {
		t.Errorf("lesson 2 = %+v", *l)
	}
	if c.Lookup("a").Lesson != c.Lessons[0] || c.Lookup("b").Lesson != l {
		t.Errorf("exercises are in the wrong lessons")
	}
	if len(c.Lessons[2].Exercises) != 0 {
		t.Errorf("a lesson not written yet has exercises")
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), FileName))
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("err = %v", err)
	}
}

// The project's own course file must load.
func TestRepositoryCourseLoads(t *testing.T) {
	c, err := Load(filepath.Join("..", "..", FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Exercises) == 0 {
		t.Fatal("no exercises")
	}
}
