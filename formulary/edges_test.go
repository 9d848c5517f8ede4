package formulary

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// The tests in this file pin behaviour at the edges of the package's limits
// and tables: the values where a boundary check, written one character
// differently, would still pass every other test. Mutation testing
// (MUTATION.md) found each of them unpinned.

// Each limit is inclusive: a list of exactly MaxEntries entries is not over
// the limit (the loader goes on to the first entry, which is empty), and an
// entry with exactly MaxListLen sources loads.
func TestLoadAcceptsExactlyTheLimits(t *testing.T) {
	in := `{"techniques": [{}` + strings.Repeat(`, {}`, MaxEntries-1) + `]}`
	var fe *meso.FieldError
	if _, err := Load(strings.NewReader(in)); !errors.As(err, &fe) || fe.Field != "techniques[0].id" || !errors.Is(err, meso.ErrMissing) {
		t.Errorf("MaxEntries (%d) empty techniques: error %v, want meso.ErrMissing on techniques[0].id, not a limit", MaxEntries, err)
	}

	sources := make([]string, MaxListLen)
	for i := range sources {
		sources[i] = strconv.Quote("s" + strconv.Itoa(i))
	}
	in = strings.Replace(minimal, `"name": "Papular", "sources": ["s"]`,
		`"name": "Papular", "sources": [`+strings.Join(sources, ", ")+`]`, 1)
	c, err := Load(strings.NewReader(in))
	if err != nil {
		t.Fatalf("MaxListLen (%d) sources: %v, want them loaded", MaxListLen, err)
	}
	if tq, _ := c.Technique("papular"); len(tq.Sources) != MaxListLen {
		t.Errorf("loaded %d sources, want %d", len(tq.Sources), MaxListLen)
	}
}

// Both bounds of a range are inclusive: it may run from 0 to MaxRangeValue.
func TestLoadRangeFromZeroToTheLimit(t *testing.T) {
	in := strings.Replace(minimal, `"min": 2, "max": 4`, `"min": 0, "max": 100000`, 1)
	c, err := Load(strings.NewReader(in))
	if err != nil {
		t.Fatalf("a range from 0 to MaxRangeValue: %v, want it loaded", err)
	}
	m, _ := c.Method("syringe")
	if len(m.Ranges) != 1 || m.Ranges[0].Min != 0 || m.Ranges[0].Max != MaxRangeValue {
		t.Errorf("ranges = %+v, want one from 0 to %d", m.Ranges, MaxRangeValue)
	}
}

// An out-of-range number is reported as given, every digit of it, in the
// error's Value and message, not rounded to a digit or two.
func TestLoadRangeErrorsShowTheNumber(t *testing.T) {
	for _, tc := range []struct {
		name, minMax, field, value, says string
	}{
		{"min below 0", `"min": -2.25, "max": 4`, "methods[0].ranges[0].min", "-2.25", "want a number from 0 to 100000 mm"},
		{"max above the limit", `"min": 2, "max": 100000.5`, "methods[0].ranges[0].max", "100000.5", "want a number from 0 to 100000 mm"},
		{"min above max", `"min": 12.5, "max": 4.25`, "methods[0].ranges[0].min", "12.5", "above max 4.25"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(minimal, `"min": 2, "max": 4`, tc.minMax, 1)
			_, err := Load(strings.NewReader(in))
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Load error = %v, want a *meso.FieldError", err)
			}
			if fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, meso.ErrInvalid) {
				t.Errorf("error %q: field %q, value %q; want field %q, value %q, wrapping meso.ErrInvalid", err, fe.Field, fe.Value, tc.field, tc.value)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("message %q does not say %q", err, tc.says)
			}
		})
	}
}

// Indications lists every indication of the table, in order: the tests that
// range over it check nothing if it is empty.
func TestIndicationsListsTheTable(t *testing.T) {
	want := []Indication{
		HairLoss, DiffuseAlopecia, FocalAlopecia, AndrogeneticAlopecia, TelogenEffluvium,
		PostpartumHairLoss, StressHairLoss, SlowedGrowth, Thinning, BrittleHair, DryHair,
		SplitEnds, DullHair, DamagedHair, Seborrhoea, Dandruff, Itching, Dermatitis,
		SeborrhoeicEczema, Ringworm, DryScalp, OilyScalp, PrematureGreying, PoorCirculation,
		PreTransplant, Prevention,
	}
	if diff := cmp.Diff(want, Indications()); diff != "" {
		t.Errorf("Indications() (-want +got):\n%s", diff)
	}
}

// The first value past the end of a table is invalid, like any other, and
// its accessors return nothing rather than panic.
func TestPastTheEndOfTables(t *testing.T) {
	past := Prevention + 1
	if past.Name() != "" || past.Parent() != 0 || past.Sources() != nil {
		t.Errorf("Indication(%d): name %q, parent %d, sources %v; want none", past, past.Name(), past.Parent(), past.Sources())
	}
	if got := (SessionMinutes + 1).Unit(); got != "" {
		t.Errorf("Quantity(%d).Unit() = %q, want \"\"", SessionMinutes+1, got)
	}
	// Every class is an allergy id; the text of the value past the last,
	// "Class(17)", is not.
	cat := Default()
	for _, id := range []string{AntiInflammatory.String(), (AntiInflammatory + 1).String()} {
		_, err := cat.Resolve(id)
		if got, want := err == nil, id == AntiInflammatory.String(); got != want {
			t.Errorf("Resolve(%q) ok = %v, want %v", id, got, want)
		}
	}
}
