package event

import (
	"slices"
	"testing"

	"github.com/mesokit/meso"
)

// The complications issue 16 found left out: S4's irritation and S2's
// hyperaemia, which pass within days and halt nothing.
func TestComplicationsLeftOutBefore(t *testing.T) {
	for _, tc := range []struct {
		c      Complication
		id     string
		source string
	}{{Irritation, "irritation", meso.S4}, {Hyperaemia, "hyperaemia", meso.S2}} {
		var got Complication
		if err := got.UnmarshalText([]byte(tc.id)); err != nil || got != tc.c || tc.c.Halts() || !slices.Equal(tc.c.Sources(), []string{tc.source}) {
			t.Errorf("%s: read as %v (%v), halts %v, sources %v; want %v, no halt, %s", tc.id, got, err, tc.c.Halts(), tc.c.Sources(), tc.c, tc.source)
		}
	}
}
