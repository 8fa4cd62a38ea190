// Package rustref reads the Rust reference output kept in out/: what rustc
// 1.95 really builds for the lesson's async fns, as printed by
// -Zprint-type-sizes. The course quotes those figures beside its ideal state
// machines; the tests in this package hold the two together, so that a size
// the course states about Rust cannot drift from what rustc says.
//
// gen.sh regenerates out/ from the examples in src/ (it needs rustc, not
// cargo); the tests only read the committed text, so they need no Rust.
package rustref

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A Type is one type in -Zprint-type-sizes output.
type Type struct {
	Name     string // as rustc spells it, e.g. {async fn body of add_slowly()}
	Size     int
	Align    int
	Tag      int // the discriminant's size, 0 for a struct
	Variants []Variant
	Fields   []Field // a struct's fields
}

// A Variant is one state of an enum or of an async fn's future: Unresumed,
// Suspend0..n, Returned, Panicked.
type Variant struct {
	Name   string
	Size   int
	Fields []Field
}

// A Field is a field of a struct or variant. Kind is "field", "upvar" (an
// async fn's argument, captured for the whole life of the future) or
// "local" (a variable alive across an .await).
type Field struct {
	Kind string
	Name string
	Size int
}

var (
	typeLine    = regexp.MustCompile("^print-type-size type: `(.*)`: (\\d+) bytes, alignment: (\\d+) bytes$")
	tagLine     = regexp.MustCompile(`^print-type-size\s+discriminant: (\d+) bytes$`)
	variantLine = regexp.MustCompile("^print-type-size\\s+variant `([^`]*)`: (\\d+) bytes$")
	fieldLine   = regexp.MustCompile("^print-type-size\\s+(field|upvar|local) `\\.([^`]*)`: (\\d+) bytes")
	otherLine   = regexp.MustCompile(`^print-type-size\s+(end )?padding: \d+ bytes$`)
)

// ParseSizes reads -Zprint-type-sizes output. Lines starting with # are
// comments. Any other line it does not understand is an error, so a change
// of format in a newer rustc is noticed rather than misread.
func ParseSizes(text string) ([]Type, error) {
	var types []Type
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " ")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := typeLine.FindStringSubmatch(line); m != nil {
			types = append(types, Type{Name: m[1], Size: atoi(m[2]), Align: atoi(m[3])})
			continue
		}
		if len(types) == 0 {
			return nil, fmt.Errorf("line %d: %q comes before any type", n, line)
		}
		t := &types[len(types)-1]
		switch m := []string(nil); {
		case matches(tagLine, line, &m):
			t.Tag = atoi(m[1])
		case matches(variantLine, line, &m):
			t.Variants = append(t.Variants, Variant{Name: m[1], Size: atoi(m[2])})
		case matches(fieldLine, line, &m):
			f := Field{Kind: m[1], Name: m[2], Size: atoi(m[3])}
			if len(t.Variants) > 0 {
				v := &t.Variants[len(t.Variants)-1]
				v.Fields = append(v.Fields, f)
			} else {
				t.Fields = append(t.Fields, f)
			}
		case otherLine.MatchString(line):
		default:
			return nil, fmt.Errorf("line %d: cannot read %q", n, line)
		}
	}
	return types, sc.Err()
}

func matches(re *regexp.Regexp, s string, m *[]string) bool {
	*m = re.FindStringSubmatch(s)
	return *m != nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // the regexps admit digits only
	return n
}

// Lookup finds a type by its name as rustc prints it, or by its short name
// (see Short): an async fn's name (add_slowly) for its future, a type
// without its module paths (YieldOnce<u32>, MaybeDone<side>), or "async
// block in join.rs" for an async block of that file.
func Lookup(types []Type, name string) (Type, bool) {
	for _, t := range types {
		if t.Name == name || Short(t.Name) == name {
			return t, true
		}
	}
	return Type{}, false
}

var (
	asyncFnBody = regexp.MustCompile(`\{async fn body of (\w+)\(\)\}`)
	asyncBlock  = regexp.MustCompile(`\{async block@[^}]*/(\w+\.rs):[^}]*\}`)
	modulePath  = regexp.MustCompile(`\b(\w+::)+`)
)

// Short is the name the course's figures use for a type rustc names in
// full: {async fn body of side()} is side, std::future::join::MaybeDone<{async
// fn body of side()}> is MaybeDone<side>, and {async block@.../join.rs:1:2:
// 3:4} is "async block in join.rs".
func Short(name string) string {
	name = asyncFnBody.ReplaceAllString(name, "$1")
	name = asyncBlock.ReplaceAllString(name, "async block in $1")
	return modulePath.ReplaceAllString(name, "")
}

// Ideal is the size the lesson's picture gives an async fn's future: each
// state keeps only what it still needs (the arguments before the first
// poll, the locals alive across the .await in each suspended state), all
// states share the same bytes, and a tag says which one is alive. rustc's
// real size is larger when it keeps the arguments in every state
// (rust-lang/rust#62958). Padding inside a state is not counted, so the
// figure is a floor, rounded up to the type's alignment.
func (t Type) Ideal() int {
	size := t.Widest() + t.Tag
	if t.Align > 0 {
		size = (size + t.Align - 1) / t.Align * t.Align
	}
	return size
}

// Widest is the largest state of the lesson's picture of an async fn's
// future: the bytes of the arguments before the first poll, or of the
// locals alive across one .await, whichever is more, without padding.
func (t Type) Widest() int {
	widest := 0
	for _, v := range t.Variants {
		sum := 0
		for _, f := range v.Fields {
			if (v.Name == "Unresumed" && f.Kind == "upvar") || f.Kind == "local" {
				sum += f.Size
			}
		}
		widest = max(widest, sum)
	}
	return widest
}
