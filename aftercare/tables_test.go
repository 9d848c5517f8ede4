package aftercare

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// stated is a duration a source states for an activity: the row of a source's
// table below.
type stated struct {
	activity Activity
	min, max time.Duration
}

// Each source's stated durations after a session, read from the documents
// A source's unstated restrictions ("keep your head
// covered") are in the table too but are not durations, so not listed here.
func TestEachSourcesDurations(t *testing.T) {
	h, d := time.Hour, 24*time.Hour
	for _, tc := range []struct {
		source string
		want   []stated
	}{
		{meso.S0, []stated{{ScalpMassage, 2 * d, 2 * d}, {Pool, 2 * d, 2 * d}, {Sauna, 2 * d, 2 * d}, {Exercise, 2 * d, 2 * d}}},
		{meso.S1, []stated{{WashHair, 48 * h, 48 * h}, {ScalpMassage, 24 * h, 24 * h}, {SunExposure, 48 * h, 48 * h}, {Pool, 24 * h, 24 * h}, {Sauna, 24 * h, 24 * h}, {XRay, 72 * h, 72 * h}}},
		// S2's chemical manipulations, read as dyeing among them (issue 16).
		{meso.S2, []stated{{WashHair, 48 * h, 72 * h}, {DyeHair, 48 * h, 72 * h}, {StylingProducts, 48 * h, 72 * h}, {SunExposure, 48 * h, 72 * h}}},
		{meso.S3, []stated{{TouchScalp, 4 * h, 4 * h}, {ScalpMedication, 12 * h, 12 * h}, {WashHair, 48 * h, 48 * h}, {Solarium, 72 * h, 72 * h}, {Sauna, 72 * h, 72 * h}, {CosmeticProcedures, 7 * d, 7 * d}}},
		{meso.S4, []stated{{WashHair, 24 * h, 24 * h}, {DyeHair, 24 * h, 24 * h}}},
	} {
		var got []stated
		for _, a := range Activities() {
			for _, s := range Statements(a) {
				if s.Stated() && len(s.Sources) == 1 && s.Sources[0] == tc.source {
					got = append(got, stated{a, s.Min, s.Max})
				}
			}
		}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(stated{})); diff != "" {
			t.Errorf("durations stated by %s (-want +got):\n%s", tc.source, diff)
		}
	}
}

// The default policy takes the strictest stated value, and cites the
// sources that state it.
func TestDefaultPolicyIsStrictestStated(t *testing.T) {
	h, d := time.Hour, 24*time.Hour
	want := map[Activity]struct {
		d       time.Duration
		sources []string
	}{
		TouchScalp:         {4 * h, []string{meso.S3}},
		ScalpMedication:    {12 * h, []string{meso.S3}},
		WashHair:           {72 * h, []string{meso.S2}},
		DyeHair:            {72 * h, []string{meso.S2}}, // S2's chemical manipulations, a reading (issue 16)
		StylingProducts:    {72 * h, []string{meso.S2}},
		ScalpMassage:       {48 * h, []string{meso.S0}},
		SunExposure:        {72 * h, []string{meso.S2}},
		Solarium:           {72 * h, []string{meso.S3}},
		Pool:               {48 * h, []string{meso.S0}},
		Sauna:              {72 * h, []string{meso.S3}},
		Exercise:           {48 * h, []string{meso.S0}},
		XRay:               {72 * h, []string{meso.S1}},
		CosmeticProcedures: {7 * d, []string{meso.S3}},
	}
	p := DefaultPolicy()
	if p.Name() != "strictest-stated" {
		t.Errorf("Name() = %q", p.Name())
	}
	for _, a := range Activities() {
		r, _ := p.Restriction(a)
		if r.Duration != want[a].d || !cmp.Equal(r.Sources, want[a].sources) || r.PolicyDefault {
			t.Errorf("%s: %v %v (policy default %v), want %v %v", a, r.Duration, r.Sources, r.PolicyDefault, want[a].d, want[a].sources)
		}
	}
	// A value read from imprecise words says so.
	if r, _ := p.Restriction(Exercise); r.Note == "" {
		t.Errorf("exercise rule has no note on reading 'a couple of days'")
	}
}

// Both built-in policies pick from the stated values, strictest and
// shortest, for every activity.
func TestPoliciesPickFromStatedValues(t *testing.T) {
	for _, a := range Activities() {
		var lo, hi time.Duration
		for _, s := range Statements(a) {
			if !s.Stated() {
				continue
			}
			if lo == 0 || s.Min < lo {
				lo = s.Min
			}
			hi = max(hi, s.Max)
		}
		if got := DefaultPolicy().Duration(a); got != hi {
			t.Errorf("%s: default %v, want the strictest stated %v", a, got, hi)
		}
		if got := ShortestStatedPolicy().Duration(a); got != lo {
			t.Errorf("%s: shortest %v, want the shortest stated %v", a, got, lo)
		}
	}
}

func TestTablesCiteTheSources(t *testing.T) {
	check := func(what string, sources []string) {
		t.Helper()
		if len(sources) == 0 {
			t.Errorf("%s cites no source", what)
		}
		for _, s := range sources {
			if !meso.KnownSource(s) {
				t.Errorf("%s cites %q", what, s)
			}
		}
	}
	for _, a := range Activities() {
		if len(Statements(a)) == 0 || a.Phrase() == "" {
			t.Errorf("%s has no statement or no phrase", a)
		}
		for _, s := range Statements(a) {
			check(a.String()+" statement", s.Sources)
			if s.Words == "" {
				t.Errorf("%s statement without the source's words", a)
			}
		}
	}
	for _, in := range Instructions() {
		check("instruction "+in.ID, in.Sources)
		if in.PolicyDefault && in.Note == "" {
			t.Errorf("instruction %s is a policy default without a note saying so", in.ID)
		}
		if in.Ask == Tell && (in.Days != 0 || in.WholeDay) {
			t.Errorf("tell instruction %s has a span", in.ID)
		}
	}
	for _, e := range AfterEffects() {
		check("after-effect "+e.What, e.Sources)
	}
	for _, w := range WarningSigns() {
		check("warning sign "+w.What, w.Sources)
	}
}

// The instructions before a session, each pinned to its source
// and lead.
func TestInstructionsBeforeASession(t *testing.T) {
	type row struct {
		id            string
		kind          Ask
		days          int
		first         bool
		policyDefault bool
		sources       []string
	}
	want := []row{
		{"wash-hair-day-before", Do, 1, false, false, []string{meso.S0, meso.S4}},
		// Issue 16: both are meso's spans, so policy defaults; dyeing starts
		// the day before, as perm and scrubbing from the same S2 clause.
		{"no-styling-products-on-the-day", Avoid, 0, false, true, []string{meso.S4}},
		{"no-dyeing-before", Avoid, 1, false, true, []string{meso.S1, meso.S2, meso.S4}},
		{"no-perm-or-scrub-before", Avoid, 1, false, true, []string{meso.S2}},
		{"no-masks-or-oils-before", Avoid, 1, false, true, []string{meso.S2}},
		{"no-sauna-before", Avoid, 1, false, true, []string{meso.S2}},
		{"no-alcohol-before", Avoid, 1, false, true, []string{meso.S2}},
		{"no-solarium-before", Avoid, 1, false, true, []string{meso.S2}},
		{"no-sunbathing-before", Avoid, 1, false, true, []string{meso.S2}},
		{"no-cosmetic-procedures-before", Avoid, 7, false, true, []string{meso.S0}},
		{"no-aspirin-or-enzymes-before", Avoid, 10, false, true, []string{meso.S1}},
		// S1, S3: not while taking them, at any session (issue 16).
		{"stop-anticoagulants", Avoid, 10, false, false, []string{meso.S1, meso.S2, meso.S3}},
		{"allergy-test-day-before", Do, 1, true, false, []string{meso.S2}},
		{"tell-allergies-and-medicines", Tell, 0, true, false, []string{meso.S1, meso.S4}},
		{"no-medicines-without-doctor", Tell, 0, false, false, []string{meso.S0}},
	}
	var got []row
	for _, in := range Instructions() {
		got = append(got, row{in.ID, in.Ask, in.Days, in.FirstOnly, in.PolicyDefault, in.Sources})
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("instructions (-want +got):\n%s", diff)
	}
}

func TestActivityText(t *testing.T) {
	want := []string{"touch-scalp", "scalp-medication", "wash-hair", "dye-hair", "styling-products", "scalp-massage",
		"sun-exposure", "solarium", "pool", "sauna", "exercise", "x-ray", "cosmetic-procedures"}
	var got []string
	for _, a := range Activities() {
		got = append(got, a.String())
		back, err := ParseActivity(a.String())
		if err != nil || back != a {
			t.Errorf("ParseActivity(%s) = %v, %v", a, back, err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("activity ids (-want +got):\n%s", diff)
	}
	if _, err := ParseActivity("swimming"); err == nil {
		t.Errorf("ParseActivity(swimming) succeeded")
	}
	if Activity(0).Phrase() != "" || Statements(Activity(99)) != nil || DefaultPolicy().Duration(0) != 0 {
		t.Errorf("invalid activities must have no phrase, statements or duration")
	}
}
