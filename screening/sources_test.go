package screening

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
)

// Issue 16, S2: "age restriction – up to 14 and after 65 years". Both
// readings of "after 65" are rules of the default; the strictest decides: a
// patient of 65 years and 11 months was cleared before and is refused now.
func TestAgeReadingsS2(t *testing.T) {
	for _, tc := range []struct {
		birth string
		want  Verdict
		rules []string
	}{
		{"1962-01-11", Cleared, nil},                                       // 64 years, 364 days
		{"1962-01-10", Refused, []string{"age-65-or-over"}},                // the 65th birthday
		{"1961-02-10", Refused, []string{"age-65-or-over"}},                // 65 years, 11 months
		{"1961-01-10", Refused, []string{"age-over-65", "age-65-or-over"}}, // 66: both readings
	} {
		in := clean()
		in.BirthDate = mustDate(tc.birth)
		r, err := Screen(in, screeningDay, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range r.Findings {
			got = append(got, f.Rule)
		}
		if r.Verdict != tc.want || !slices.Equal(got, tc.rules) {
			t.Errorf("born %s: %v; want %s by %v", tc.birth, r, tc.want, tc.rules)
		}
	}
	for _, id := range []string{"age-65-or-over", "age-over-65"} {
		r, _ := DefaultPolicy().Rule(id)
		if !slices.Equal(r.Sources, []string{meso.S2}) || !strings.Contains(r.Note, "Reading") {
			t.Errorf("%s: sources %v, note %q; want S2, marked as a reading", id, r.Sources, r.Note)
		}
	}
	// A clinic that takes the other reading makes the strict rule advisory:
	// 65 is then a caution, 66 still refused.
	strict, _ := DefaultPolicy().Rule("age-65-or-over")
	strict.Severity, strict.Note = Advisory, "Clinic reading: after 65 years is from the 66th birthday."
	p, err := DefaultPolicy().With("clinic-after-65", strict)
	if err != nil {
		t.Fatal(err)
	}
	in := clean()
	in.BirthDate = mustDate("1961-02-10")
	if r, _ := Screen(in, screeningDay, Options{Policy: p}); r.Verdict != Caution {
		t.Errorf("65 under the other reading: %v; want caution", r)
	}
}

// Issue 16, S4: "people who suffer from allergies" is allergies in general,
// not only to the cocktail; S1, S3 name allergy to its components.
func TestAllergiesS4(t *testing.T) {
	r, _ := DefaultPolicy().Rule("ingredient-allergy")
	if slices.Contains(r.Sources, meso.S4) {
		t.Errorf("ingredient-allergy cites S4, whose allergy is not to the components: %v", r.Sources)
	}
	for id, src := range map[string][]string{"allergic-condition": {meso.S4}, "other-allergy": {meso.S1, meso.S4}} {
		r, err := DefaultPolicy().Rule(id)
		if err != nil || !slices.Equal(r.Sources, src) || !strings.Contains(r.Note, "Reading:") {
			t.Errorf("%s: %+v; want sources %v and a reading marked", id, r, src)
		}
	}
	// An allergy the catalog has no id for has a place in the intake, and
	// is screened as caution, named. Before, the intake could not say it.
	in, err := DecodeIntake(strings.NewReader(`{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
	  "other_allergies": ["pollen", "latex gloves"]}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Screen(in, screeningDay, Options{Preparation: "needle-mesotherapy-mix"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != Caution || len(res.Findings) != 1 || res.Findings[0].Rule != "other-allergy" ||
		!strings.Contains(res.Findings[0].Message, "pollen, latex gloves") {
		t.Errorf("other allergies: %v; want caution by other-allergy naming them", res)
	}
	// A catalog id is still checked against the catalog: an unknown one in
	// "allergies" is an error, not guessed into "other_allergies".
	in = clean()
	in.Allergies = []string{"pollen"}
	if _, err := Screen(in, screeningDay, Options{}); !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("allergies [pollen]: %v; want unknown", err)
	}
	// Suffering from an allergy now defers until recovered (S4).
	in = clean()
	in.Conditions = []Condition{AllergicCondition}
	if res, _ := Screen(in, screeningDay, Options{}); res.Verdict != Deferred || !res.Until.IsZero() {
		t.Errorf("allergic condition: %v; want deferred with no known end", res)
	}
}

func TestOtherAllergiesChecked(t *testing.T) {
	for _, tc := range []struct {
		other []string
		field string
		want  error
	}{
		{[]string{" "}, "other_allergies[0]", meso.ErrMissing},
		{[]string{"pollen", "pollen"}, "other_allergies[1]", meso.ErrDuplicate},
		{[]string{"pol\nlen"}, "other_allergies[0]", meso.ErrInvalid},
		{[]string{strings.Repeat("x", meso.MaxNameLen+1)}, "other_allergies[0]", meso.ErrTooLarge},
		{make([]string, MaxListLen+1), "other_allergies", meso.ErrTooLarge},
	} {
		in := clean()
		in.OtherAllergies = tc.other
		err := in.Check()
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("other allergies %q: %v; want %s %v", tc.other, err, tc.field, tc.want)
		}
	}
	in := clean()
	in.OtherAllergies = []string{"pollen"}
	data, err := in.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeIntake(strings.NewReader(string(data)))
	if err != nil || !slices.Equal(back.OtherAllergies, in.OtherAllergies) {
		t.Errorf("round trip of %s: %v, %v", data, back.OtherAllergies, err)
	}
	// A policy's rule on other allergies has a JSON form.
	p, err := LoadPolicy(strings.NewReader(mustJSON(t, DefaultPolicy())))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := p.Rule("other-allergy"); err != nil || !r.Match.OtherAllergies {
		t.Errorf("other-allergy after a JSON round trip: %+v", r)
	}
}

func mustJSON(t *testing.T, p *Policy) string {
	t.Helper()
	data, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Issue 16: an indication one source gives that another names as a
// contraindication is neither refused nor cleared silently: a caution whose
// finding names the indication and cites both sides.
func TestIndicationsThatAreContraindicationsElsewhere(t *testing.T) {
	for _, tc := range []struct {
		ind     formulary.Indication
		rule    string
		sources []string
	}{
		{formulary.Dermatitis, "indication-eczema-dermatitis", []string{meso.S2, meso.S3, meso.S4}},
		{formulary.SeborrhoeicEczema, "indication-eczema-dermatitis", []string{meso.S2, meso.S3, meso.S4}},
		{formulary.Ringworm, "indication-ringworm", []string{meso.S1, meso.S2, meso.S3}},
	} {
		in := clean()
		in.Indications = []formulary.Indication{formulary.HairLoss, tc.ind}
		r, err := Screen(in, screeningDay, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != Caution || len(r.Findings) != 1 || r.Findings[0].Rule != tc.rule ||
			!slices.Equal(r.Findings[0].Sources, tc.sources) || !strings.Contains(r.Findings[0].Message, tc.ind.String()) ||
			strings.Contains(r.Findings[0].Message, "hair-loss") {
			t.Errorf("indication %s: %v; want a caution by %s naming it, citing %v", tc.ind, r, tc.rule, tc.sources)
		}
	}
	// Other indications stay the caller's: no finding.
	in := clean()
	in.Indications = []formulary.Indication{formulary.HairLoss, formulary.Dandruff}
	if r, _ := Screen(in, screeningDay, Options{}); r.Verdict != Cleared {
		t.Errorf("hair loss and dandruff: %v; want cleared", r)
	}
	// The match has a JSON form and is checked.
	p, err := LoadPolicy(strings.NewReader(mustJSON(t, DefaultPolicy())))
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := p.Rule("indication-ringworm"); !slices.Equal(r.Match.Indications, []formulary.Indication{formulary.Ringworm}) {
		t.Errorf("indication-ringworm after a JSON round trip: %+v", r.Match)
	}
	bad := Rule{ID: "x", Name: "x", Severity: Advisory, Sources: []string{"s"}, Match: Match{Indications: []formulary.Indication{formulary.Ringworm, formulary.Ringworm}}}
	if _, err := DefaultPolicy().With("bad", bad); !errors.Is(err, meso.ErrDuplicate) {
		t.Errorf("an indication given twice: %v", err)
	}
	bad.Match.Indications = []formulary.Indication{200}
	if _, err := DefaultPolicy().With("bad", bad); !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("an unknown indication: %v", err)
	}
	if _, err := LoadPolicy(strings.NewReader(strings.Replace(mustJSON(t, DefaultPolicy()), `"indications":["ringworm"]`, `"indications":["tinea"]`, 1))); !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("an unknown indication in JSON: %v", err)
	}
}
