// Package course reads exercises.toml, the file that lists a futurelings
// course: which exercises there are, in which order, where each one lives and
// what hints it gives.
//
// Loading is strict. A typo in a key, a duplicate name or a missing hint is
// an error that names the file, the line and what to change, because a course
// that half-loads would show learners the wrong exercises.
package course

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// FileName is the name of the course file at the top of a workspace.
const FileName = "exercises.toml"

// FormatVersion is the only format_version this version understands.
const FormatVersion = 1

// Course is a loaded exercises.toml.
type Course struct {
	Path      string // the file it was read from, as given to Load
	Welcome   string // optional text shown when a learner starts
	Final     string // optional text shown when everything is done
	Exercises []*Exercise
	// Lessons group the exercises under titles, in course order. A course
	// without [[lesson]] tables has none.
	Lessons []*Lesson
}

// Lesson is a [[lesson]] table: a title for the exercises in one folder.
type Lesson struct {
	Title string
	Dir   string // slash-separated, under exercises/
	Line  int    // line of its [[lesson]] header
	// Number counts the lessons from 1, in the order of the file.
	Number    int
	Exercises []*Exercise // in course order; none yet is allowed
}

// Exercise is one entry of the course.
type Exercise struct {
	Name string // unique, [a-z0-9_]; the argument the commands take
	Dir  string // slash-separated, relative to the workspace, under exercises/
	// Hints are the hint's levels, from a first nudge to nearly the answer:
	// `hints = [...]` in the course file, or a single `hint` as one level.
	Hints []string
	// Hint is every level, separated by blank lines.
	Hint string
	// Requires names earlier exercises whose packages this one imports: it
	// builds on the learner's own answers instead of shipping them again.
	Requires []string
	Index    int // position in the course, from 0
	Line     int // line of its [[exercise]] header in the course file
	// Lesson is the lesson whose folder holds the exercise; nil in a
	// course without lessons.
	Lesson *Lesson
}

// SolutionDir is where the reference solution lives, relative to the
// workspace: the same path under solutions/ instead of exercises/.
func (e *Exercise) SolutionDir() string {
	return "solutions" + strings.TrimPrefix(e.Dir, "exercises")
}

// Error is a problem in the course file. Line is 0 when it concerns the file
// as a whole.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Errors is every problem found in one course file.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Lookup returns the exercise called name, or nil.
func (c *Course) Lookup(name string) *Exercise {
	for _, e := range c.Exercises {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Names returns the exercise names in course order.
func (c *Course) Names() []string {
	names := make([]string, len(c.Exercises))
	for i, e := range c.Exercises {
		names[i] = e.Name
	}
	return names
}

// Load reads and validates the course file at path.
func Load(file string) (*Course, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{Path: file, Msg: "not found; is this a futurelings workspace?"}
		}
		return nil, fmt.Errorf("reading the course file: %w", err)
	}
	return Parse(file, data)
}

type fileDoc struct {
	FormatVersion *int        `toml:"format_version"`
	Welcome       string      `toml:"welcome"`
	Final         string      `toml:"final_message"`
	Exercise      []entryDoc  `toml:"exercise"`
	Lesson        []lessonDoc `toml:"lesson"`
}

type lessonDoc struct {
	Title string `toml:"title"`
	Dir   string `toml:"dir"`
}

type entryDoc struct {
	Name     string   `toml:"name"`
	Dir      string   `toml:"dir"`
	Hint     string   `toml:"hint"`
	Hints    []string `toml:"hints"`
	Requires []string `toml:"requires"`
}

var nameRE = regexp.MustCompile(`^[a-z0-9_]+$`)

// Parse validates the course file's contents. path is used in messages.
func Parse(file string, data []byte) (*Course, error) {
	var doc fileDoc
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, decodeError(file, err)
	}
	var errs Errors
	add := func(line int, format string, args ...any) {
		errs = append(errs, &Error{Path: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	switch {
	case doc.FormatVersion == nil:
		add(1, "format_version is missing; add `format_version = %d` at the top", FormatVersion)
	case *doc.FormatVersion != FormatVersion:
		add(lineOfKey(data, "format_version", 1), "format_version %d is not supported by this futurelings, which reads version %d; update futurelings", *doc.FormatVersion, FormatVersion)
	}
	if len(doc.Exercise) == 0 {
		add(0, "no exercises; add an [[exercise]] table with name, dir and hint")
	}
	headers := headerLines(data, exerciseHeaderRE)
	c := &Course{Path: file, Welcome: doc.Welcome, Final: doc.Final}
	seen := map[string]int{}
	dirs := map[string]string{}
	for i, d := range doc.Exercise {
		line := 0
		if i < len(headers) {
			line = headers[i]
		}
		e := &Exercise{Name: d.Name, Dir: d.Dir, Requires: d.Requires, Index: i, Line: line}
		switch {
		case e.Name == "":
			add(line, "exercise #%d has no name; add `name = \"...\"`", i+1)
		case !nameRE.MatchString(e.Name):
			add(line, "exercise name %q may only use a-z, 0-9 and _", e.Name)
		case seen[e.Name] != 0:
			add(line, "exercise name %q is used twice (first at line %d); names must be unique", e.Name, seen[e.Name])
		default:
			seen[e.Name] = max(line, 1)
		}
		label := e.Name
		if label == "" {
			label = fmt.Sprintf("#%d", i+1)
		}
		if msg := checkDir(e.Dir); msg != "" {
			add(line, "exercise %s: %s", label, msg)
		} else {
			e.Dir = path.Clean(e.Dir)
			if other, dup := dirs[e.Dir]; dup {
				add(line, "exercise %s uses the folder %s, which %s already uses", label, e.Dir, other)
			}
			dirs[e.Dir] = label
		}
		switch {
		case d.Hint != "" && d.Hints != nil:
			add(line, "exercise %s has both hint and hints; keep hints = [...], one string per level", label)
		case d.Hints != nil:
			hl := keyLineAfter(data, "hints", line)
			for j, h := range d.Hints {
				if h = strings.TrimSpace(h); h == "" {
					add(hl, "exercise %s: level %d of hints is empty; give every level some text, or drop it", label, j+1)
				}
				e.Hints = append(e.Hints, strings.TrimSpace(h))
			}
			if len(d.Hints) == 0 {
				add(hl, "exercise %s has hints = [], no level at all; add a first nudge, then more, then nearly the answer", label)
			}
		case strings.TrimSpace(d.Hint) != "":
			e.Hints = []string{strings.TrimSpace(d.Hint)}
		default:
			add(line, "exercise %s has no hint; add `hints = [\"\"\"...\"\"\", \"\"\"...\"\"\"]`, from a nudge that does not give the answer away to one that nearly does", label)
		}
		e.Hint = strings.Join(e.Hints, "\n\n")
		required := map[string]bool{}
		for _, r := range e.Requires {
			switch {
			case required[r]:
				add(line, "exercise %s requires %q twice", label, r)
			case r == e.Name:
				add(line, "exercise %s requires itself; requires names earlier exercises whose packages it imports", label)
			case seen[r] == 0:
				add(line, "exercise %s requires %q, which is not an earlier exercise of the course; an exercise can only build on one the learner has already met", label, r)
			}
			required[r] = true
		}
		c.Exercises = append(c.Exercises, e)
	}
	errs = append(errs, c.addLessons(file, data, doc.Lesson)...)
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// addLessons reads the [[lesson]] tables and puts every exercise in the
// lesson whose folder holds it. Once a course has lessons, every exercise
// must be in one, and a lesson's exercises must follow each other.
func (c *Course) addLessons(file string, data []byte, docs []lessonDoc) Errors {
	var errs Errors
	add := func(line int, format string, args ...any) {
		errs = append(errs, &Error{Path: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	headers := headerLines(data, lessonHeaderRE)
	byDir := map[string]*Lesson{}
	for i, d := range docs {
		l := &Lesson{Title: strings.TrimSpace(d.Title), Dir: d.Dir, Number: i + 1}
		if i < len(headers) {
			l.Line = headers[i]
		}
		if l.Title == "" {
			add(l.Line, "lesson %d has no title; add `title = \"...\"`", l.Number)
		}
		if msg := checkDir(l.Dir); msg != "" {
			add(l.Line, "lesson %d: %s", l.Number, msg)
			continue
		}
		l.Dir = path.Clean(l.Dir)
		if other, dup := byDir[l.Dir]; dup {
			add(l.Line, "lesson %d uses the folder %s, which lesson %d (line %d) already uses", l.Number, l.Dir, other.Number, other.Line)
			continue
		}
		byDir[l.Dir] = l
		c.Lessons = append(c.Lessons, l)
	}
	if len(docs) == 0 || len(errs) > 0 {
		return errs
	}
	var last *Lesson
	for _, e := range c.Exercises {
		var in *Lesson
		for _, l := range c.Lessons {
			if strings.HasPrefix(e.Dir, l.Dir+"/") {
				in = l
				break
			}
		}
		switch {
		case in == nil:
			add(e.Line, "exercise %s (%s) is in no lesson's folder; add a [[lesson]] with its folder and a title, or move it into one", e.Name, e.Dir)
		case in != last && len(in.Exercises) > 0:
			add(e.Line, "exercise %s belongs to lesson %d (%s), whose exercises must follow each other; move it after %s", e.Name, in.Number, in.Title, in.Exercises[len(in.Exercises)-1].Name)
		default:
			e.Lesson = in
			in.Exercises = append(in.Exercises, e)
		}
		last = in
	}
	return errs
}

func checkDir(dir string) string {
	switch {
	case dir == "":
		return "dir is missing; add `dir = \"exercises/...\"`"
	case strings.Contains(dir, `\`) || filepath.IsAbs(dir) || path.IsAbs(dir):
		return fmt.Sprintf("dir %q must be a relative path with forward slashes", dir)
	}
	clean := path.Clean(dir)
	if !strings.HasPrefix(clean, "exercises/") {
		return fmt.Sprintf("dir %q must be a folder inside exercises/", dir)
	}
	return ""
}

// decodeError turns the TOML library's errors into ones that name the line.
func decodeError(file string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs Errors
		for _, de := range strict.Errors {
			row, _ := de.Position()
			errs = append(errs, &Error{Path: file, Line: row,
				Msg: fmt.Sprintf("unknown key %q; the keys are format_version, welcome, final_message, in [[lesson]] title and dir, and in [[exercise]] name, dir, hints (or hint) and requires", strings.Join(de.Key(), "."))})
		}
		return errs
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return &Error{Path: file, Line: row, Msg: "not valid TOML: " + de.Error()}
	}
	return &Error{Path: file, Msg: "not valid TOML: " + err.Error()}
}

var (
	exerciseHeaderRE = regexp.MustCompile(`^\s*\[\[\s*exercise\s*\]\]`)
	lessonHeaderRE   = regexp.MustCompile(`^\s*\[\[\s*lesson\s*\]\]`)
	anyHeaderRE      = regexp.MustCompile(`^\s*\[\[`)
)

// headerLines finds the line of each header headerRE matches, so that
// problems found after decoding can still point at the entry.
func headerLines(data []byte, headerRE *regexp.Regexp) []int {
	var lines []int
	inMulti := false
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Count(l, `"""`)%2 == 1 || strings.Count(l, `'''`)%2 == 1 {
			inMulti = !inMulti
			continue
		}
		if !inMulti && headerRE.MatchString(l) {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// keyLineAfter finds the line of key in the entry whose header is at line
// from, or returns from.
func keyLineAfter(data []byte, key string, from int) int {
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=`)
	lines := strings.Split(string(data), "\n")
	for i := from; i < len(lines); i++ {
		if anyHeaderRE.MatchString(lines[i]) {
			break
		}
		if re.MatchString(lines[i]) {
			return i + 1
		}
	}
	return from
}

func lineOfKey(data []byte, key string, fallback int) int {
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=`)
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return fallback
}
