package source

import "testing"

func TestInclude(t *testing.T) {
	for p, want := range map[string]bool{
		"exercises.toml":                          true,
		"core/future.go":                          true,
		"core/future_test.go":                     false,
		"core/testdata/x.txt":                     false,
		"exercises/1_futures/ready/ready.go":      true,
		"exercises/1_futures/ready/.ready.go.swp": false,
		"exercises/1_futures/ready/ready.go~":     false,
		"solutions/1_futures/ready/ready.go":      true,
		"exercises/.DS_Store":                     false,
		"checker/hidden/hidden.go":                false,
		"go.mod":                                  false,
		"README.md":                               false,
	} {
		if got := Include(p); got != want {
			t.Errorf("Include(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\r\n": "a\nb\n",
		"a\nb":       "a\nb\n",
		"":           "",
	} {
		if got := string(Normalize([]byte(in))); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCollectReadsTheCourse(t *testing.T) {
	files, err := Collect("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.Path] = true
		if !Include(f.Path) {
			t.Errorf("collected %s, which the course does not ship", f.Path)
		}
	}
	for _, want := range []string{"exercises.toml", "core/poll.go", "exercises/2_state_machines/add_slowly/add_slowly.go"} {
		if !seen[want] {
			t.Errorf("%s was not collected", want)
		}
	}
}
