package hidden

import (
	"slices"
	"testing"
)

func TestTestFuncs(t *testing.T) {
	src := `package p_test

import "testing"

func TestA(t *testing.T) {}
func Testify(t *testing.T) {}
func Test(t *testing.T) {}
func TestB_c(t *testing.T) {}
func helper(t *testing.T) {}
func TestNoArgs() {}
type x struct{}
func (x) TestMethod(t *testing.T) {}
`
	got, err := testFuncs("a_test.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"TestA", "Test", "TestB_c"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestEveryEmbeddedExerciseHasChecks(t *testing.T) {
	names := Exercises()
	if len(names) == 0 {
		t.Fatal("no hidden checks are embedded")
	}
	for _, name := range names {
		s, err := For(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(s.Tests()) == 0 {
			t.Errorf("%s: no checks", name)
		}
	}
	if _, err := For("no_such_exercise"); err == nil {
		t.Error("For of an unknown exercise did not fail")
	}
}
