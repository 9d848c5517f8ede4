package given

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"pgregory.net/rapid"
)

func TestKebab(t *testing.T) {
	for s, want := range map[string]bool{
		"vitamin-b-complex": true, "q10": true, "a": true, "2-3": true,
		"": false, "-a": false, "a-": false, "a--b": false, "A": false, "a_b": false, "a b": false, "é": false,
	} {
		if got := Kebab(s); got != want {
			t.Errorf("Kebab(%q) = %v, want %v", s, got, want)
		}
	}
}

// Quote keeps short values whole, and cuts long ones on a character
// boundary to a prefix of the value.
func TestQuote(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		q := Quote(s)
		if len(s) <= QuoteLimit {
			if q != strconv.Quote(s) {
				t.Fatalf("Quote(%q) = %s, want it whole", s, q)
			}
			return
		}
		cut, ok := strings.CutSuffix(q, "…")
		if !ok {
			t.Fatalf("Quote of %d bytes = %s, not marked as cut", len(s), q)
		}
		prefix, err := strconv.Unquote(cut)
		if err != nil || !strings.HasPrefix(s, prefix) || len(prefix) > QuoteLimit || len(prefix) < QuoteLimit-utf8.UTFMax {
			t.Fatalf("Quote(%q) = %s: %q (%v) is not a prefix of %d to %d bytes", s, q, prefix, err, QuoteLimit-utf8.UTFMax, QuoteLimit)
		}
	})
}

// At the limit: QuoteLimit bytes are shown whole, one more is cut after
// QuoteLimit, a cut inside a character moves back to its start, and bytes
// with no character start are cut to nothing, never split or a panic.
func TestQuoteAtTheCut(t *testing.T) {
	accents := "a" + strings.Repeat("é", QuoteLimit/2) // byte QuoteLimit is the second byte of an é
	for _, tc := range []struct {
		name, value, want string
	}{
		{"QuoteLimit bytes are shown whole", strings.Repeat("x", QuoteLimit), strconv.Quote(strings.Repeat("x", QuoteLimit))},
		{"one byte more is cut after QuoteLimit", strings.Repeat("x", QuoteLimit+1), strconv.Quote(strings.Repeat("x", QuoteLimit)) + "…"},
		{"a cut inside a character moves back to its start", accents, strconv.Quote(accents[:QuoteLimit-1]) + "…"},
		{"bytes with no character start are cut to nothing", strings.Repeat("\x80", 100), `""…`},
	} {
		if got := Quote(tc.value); got != tc.want {
			t.Errorf("%s: Quote = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// A zone saves by its name only when the name reads back as the same zone.
func TestLoadableZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		loc  *time.Location
		want bool
	}{
		{"UTC", time.UTC, true},
		{"Europe/Berlin", berlin, true},
		{"nil", nil, false},
		{"Local", time.Local, false},
		{"a FixedZone without a name", time.FixedZone("", 3600), false},
		{"a FixedZone named UTC", time.FixedZone("UTC", 3600), false},
		{"a FixedZone named as Berlin", time.FixedZone("Europe/Berlin", 3600), false},
		{"a FixedZone of a made-up name", time.FixedZone("CLINIC", 0), false},
	} {
		if got := LoadableZone(tc.loc); got != tc.want {
			t.Errorf("LoadableZone(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
