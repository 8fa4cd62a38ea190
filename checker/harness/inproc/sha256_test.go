package inproc

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
)

func TestHMACMatchesTheStandardLibrary(t *testing.T) {
	for _, n := range []int{0, 1, 55, 56, 63, 64, 65, 119, 120, 1000} {
		msg := []byte(strings.Repeat("a", n))
		if got, want := sha256Sum(msg), sha256.Sum256(msg); got != want {
			t.Errorf("sha256 of %d bytes = %x, want %x", n, got, want)
		}
		for _, k := range [][]byte{[]byte("k"), make([]byte, 32), make([]byte, 100)} {
			m := hmac.New(sha256.New, k)
			m.Write(msg)
			if got, want := hmacSHA256(k, msg), m.Sum(nil); string(got) != string(want) {
				t.Errorf("hmac of %d bytes with a %d-byte key = %x, want %x", n, len(k), got, want)
			}
		}
	}
}

func TestQuoteKeepsRecordsOneLine(t *testing.T) {
	if got := quote("Test A\nb%"); got != "Test%20A%0ab%25" {
		t.Errorf("quote = %q", got)
	}
}

// Without a key nothing is written and every call is harmless.
func TestInertWithoutKey(t *testing.T) {
	Report("TestX", true, false)
	Done(0)
	if key != nil {
		t.Fatal("a key appeared from nowhere")
	}
}
