package ics

import "testing"

// capitalize upper-cases a first ASCII lower-case letter, from a to z, and
// leaves anything else as it is.
func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{
		"":      "",
		"avoid": "Avoid",
		"zinc":  "Zinc",
		"Wash":  "Wash",
		"`a":    "`a",
		"{z":    "{z",
		"élan":  "élan",
		"9 h":   "9 h",
	} {
		if got := capitalize(in); got != want {
			t.Errorf("capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}
