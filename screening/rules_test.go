package screening

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// clean is an intake that every rule clears on 2027-01-10: 36 years old,
// nothing listed.
func clean() Intake { return Intake{BirthDate: mustDate("1990-04-12")} }

var screeningDay = mustDate("2027-01-10")

// Each contraindication the sources name, added alone to a clean intake, gives
// exactly the finding of its rule, with its severity, its until and exactly
// the sources that state it.
func TestDomainContraindications(t *testing.T) {
	s0, s1, s2, s3, s4 := meso.S0, meso.S1, meso.S2, meso.S3, meso.S4
	_ = s0 // S0's lists of contraindications were lost: no rule cites it
	for _, tc := range []struct {
		row      string // what the sources name
		change   func(*Intake)
		prep     string
		rule     string
		severity Severity
		until    string // "" for none
		sources  []string
	}{
		{"pregnancy", func(in *Intake) { in.Pregnant = true }, "", "pregnancy", Absolute, "", []string{s1, s2, s3, s4}},
		{"lactation / breastfeeding", func(in *Intake) { in.Lactating = true }, "", "lactation", Absolute, "", []string{s1, s2, s3, s4}},
		{"menstruation (temporary)", func(in *Intake) {
			in.Menstruation = []meso.DateRange{{From: mustDate("2027-01-08"), To: mustDate("2027-01-12")}}
		}, "", "menstruation", Temporary, "2027-01-13", []string{s2, s3}},
		{"tumours, cancer, oncology", func(in *Intake) { in.Conditions = []Condition{Cancer} }, "", "cancer", Absolute, "", []string{s1, s2, s3, s4}},
		{"tumours of any type", func(in *Intake) { in.Conditions = []Condition{Tumour} }, "", "tumour", Absolute, "", []string{s1, s3}},
		{"S2 also: neoplasms on the scalp", func(in *Intake) { in.Conditions = []Condition{ScalpNeoplasm} }, "", "scalp-neoplasm", Absolute, "", []string{s2, s3}},
		{"diabetes (S1, S4: any)", func(in *Intake) { in.Conditions = []Condition{Diabetes} }, "", "diabetes", Absolute, "", []string{s1, s4}},
		{"blood coagulation disorders", func(in *Intake) { in.Conditions = []Condition{CoagulationDisorder} }, "", "coagulation-disorder", Absolute, "", []string{s2, s3}},
		{"blood diseases", func(in *Intake) { in.Conditions = []Condition{BloodDisease} }, "", "blood-disease", Absolute, "", []string{s3}},
		{"anticoagulant drugs (stop 7-10 days before)", func(in *Intake) {
			in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}}
		}, "", "anticoagulant", Temporary, "2027-01-11", []string{s1, s2, s3}},
		{"corticosteroids", func(in *Intake) { in.Medications = []Medication{{Class: Corticosteroid}} }, "", "corticosteroid", Temporary, "", []string{s2}},
		{"aspirin before the procedure", func(in *Intake) {
			in.Medications = []Medication{{Class: Aspirin, LastDose: mustDate("2027-01-05")}}
		}, "", "aspirin", Temporary, "2027-01-15", []string{s1}},
		{"enzyme preparations before the procedure", func(in *Intake) {
			in.Medications = []Medication{{Class: EnzymePreparation, LastDose: mustDate("2027-01-09")}}
		}, "", "enzyme-preparation", Temporary, "2027-01-19", []string{s1}},
		{"allergy to a cocktail ingredient", func(in *Intake) { in.Allergies = []string{"vitamin-e"} }, "pharmacy-budget-mix",
			"ingredient-allergy", Absolute, "", []string{s1, s2, s3}}, // S4's allergy is allergies in general (issue 16)
		{"herpes", func(in *Intake) { in.Conditions = []Condition{Herpes} }, "", "herpes", Absolute, "", []string{s1}},
		{"inflammation", func(in *Intake) { in.Conditions = []Condition{Inflammation} }, "", "inflammation", Absolute, "", []string{s1}},
		{"infectious lesions at injection sites", func(in *Intake) { in.Conditions = []Condition{ScalpInfection} }, "", "scalp-infection", Absolute, "", []string{s1, s3}},
		{"skin infection", func(in *Intake) { in.Conditions = []Condition{SkinInfection} }, "", "skin-infection", Absolute, "", []string{s1}},
		{"skin diseases: eczema, psoriasis, boils", func(in *Intake) { in.Conditions = []Condition{SkinDisease} }, "", "skin-disease", Absolute, "", []string{s2, s4}},
		{"keloid scar tendency", func(in *Intake) { in.Conditions = []Condition{KeloidTendency} }, "", "keloid-tendency", Absolute, "", []string{s2}},
		{"systemic disease: vasculitis, lupus", func(in *Intake) { in.Conditions = []Condition{SystemicDisease} }, "", "systemic-disease", Absolute, "", []string{s2}},
		{"acute phase of chronic or infectious disease (until recovered)", func(in *Intake) { in.Conditions = []Condition{AcuteIllness} }, "",
			"acute-illness", Temporary, "", []string{s2, s4}},
		{"endocrine disease", func(in *Intake) { in.Conditions = []Condition{EndocrineDisorder} }, "", "endocrine-disorder", Absolute, "", []string{s2, s3}},
		{"metabolic disorder", func(in *Intake) { in.Conditions = []Condition{MetabolicDisorder} }, "", "metabolic-disorder", Absolute, "", []string{s2}},
		{"epilepsy, neurosis, neurological disease", func(in *Intake) { in.Conditions = []Condition{NeurologicalDisorder} }, "",
			"neurological-disorder", Absolute, "", []string{s2}},
		{"mental disorders", func(in *Intake) { in.Conditions = []Condition{MentalDisorder} }, "", "mental-disorder", Absolute, "", []string{s3}},
		{"reduced immunity", func(in *Intake) { in.Conditions = []Condition{Immunodeficiency} }, "", "immunodeficiency", Absolute, "", []string{s3}},
		{"cholelithiasis", func(in *Intake) { in.Conditions = []Condition{Cholelithiasis} }, "", "cholelithiasis", Absolute, "", []string{s3}},
		{"varicose veins (until recovered)", func(in *Intake) { in.Conditions = []Condition{VaricoseVeins} }, "",
			"circulatory-complication", Temporary, "", []string{s4}},
		{"circulatory complications", func(in *Intake) { in.Conditions = []Condition{CirculatoryDisorder} }, "",
			"circulatory-complication", Temporary, "", []string{s4}},
		{"age under 14", func(in *Intake) { in.BirthDate = mustDate("2013-01-11") }, "", "age-under-14", Absolute, "", []string{s2}},
		// S2's "after 65 years", read strictly: from the 65th birthday. At
		// 65 years and 11 months only that reading refuses; at 66 both
		// readings do (TestAgeReadingsS2).
		{"age 65 (after 65, strictest)", func(in *Intake) { in.BirthDate = mustDate("1961-02-10") }, "", "age-65-or-over", Absolute, "", []string{s2}},
		{"suffering from an allergy (S4, until recovered)", func(in *Intake) { in.Conditions = []Condition{AllergicCondition} }, "",
			"allergic-condition", Temporary, "", []string{s4}},
		{"an allergy the catalog does not know (S1, S4)", func(in *Intake) { in.OtherAllergies = []string{"pollen"} }, "",
			"other-allergy", Advisory, "", []string{s1, s4}},
		{"prior reactions must be reported (S4)", func(in *Intake) { in.PriorReactions = []Reaction{DyeReaction} }, "",
			"prior-reaction", Advisory, "", []string{s4}},
	} {
		t.Run(tc.row, func(t *testing.T) {
			in := clean()
			tc.change(&in)
			r, err := Screen(in, screeningDay, Options{Preparation: tc.prep})
			if err != nil {
				t.Fatal(err)
			}
			var until meso.Date
			if tc.until != "" {
				until = mustDate(tc.until)
			}
			if len(r.Findings) != 1 {
				t.Fatalf("want one finding of %s, got %v", tc.rule, r)
			}
			f := r.Findings[0]
			f.Message = ""
			want := Finding{Rule: tc.rule, Severity: tc.severity, Until: until, Sources: tc.sources}
			if diff := cmp.Diff(want, f, dateEq); diff != "" {
				t.Errorf("finding mismatch (-want +got):\n%s", diff)
			}
			if r.Verdict != tc.severity.Verdict() {
				t.Errorf("verdict %s, want %s", r.Verdict, tc.severity.Verdict())
			}
		})
	}
}

// Diabetes: S1 and S4 name any diabetes, S2 only decompensated. The default
// refuses any; decompensated diabetes matches S2's rule as well, so a policy
// that follows S2 and relaxes the diabetes rule still refuses it.
func TestDiabetesStrictestReading(t *testing.T) {
	in := clean()
	in.Conditions = []Condition{DiabetesDecompensated}
	r, err := Screen(in, screeningDay, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Refused || !hasRule(r, "diabetes") || !hasRule(r, "diabetes-decompensated") {
		t.Errorf("decompensated diabetes: %v; want refused by both diabetes rules", r)
	}
	rule, _ := DefaultPolicy().Rule("diabetes")
	rule.Severity = Relative
	rule.Note = "Clinic reading: S2, only decompensated diabetes refuses."
	s2only, err := DefaultPolicy().With("s2-diabetes", rule)
	if err != nil {
		t.Fatal(err)
	}
	in.Conditions = []Condition{Diabetes}
	r, err = Screen(in, screeningDay, Options{Policy: s2only})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Caution || r.Policy != "s2-diabetes" {
		t.Errorf("compensated diabetes under the S2 policy: %v; want caution, decided by s2-diabetes", r)
	}
	in.Conditions = []Condition{DiabetesDecompensated}
	if r, _ = Screen(in, screeningDay, Options{Policy: s2only}); r.Verdict != Refused {
		t.Errorf("decompensated diabetes under the S2 policy: %v; want refused", r)
	}
}

// S2: stop anticoagulants at least 7-10 days before; the strictest reading is
// 10 days. A last dose on 1 January defers through 10 January and clears on
// 11 January; a patient still taking them is deferred with no end known.
func TestAnticoagulantWashout(t *testing.T) {
	in := clean()
	in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}}
	for _, tc := range []struct {
		day     string
		verdict Verdict
		until   string
	}{
		{"2026-12-20", Deferred, "2027-01-11"}, // before the last dose: still taking
		{"2027-01-01", Deferred, "2027-01-11"},
		{"2027-01-10", Deferred, "2027-01-11"},
		{"2027-01-11", Cleared, ""},
		{"2027-03-01", Cleared, ""},
	} {
		r, err := Screen(in, mustDate(tc.day), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != tc.verdict || r.Until.String() != tc.until {
			t.Errorf("last dose 2027-01-01, screened %s: %v; want %s until %q", tc.day, r, tc.verdict, tc.until)
		}
	}
	in.Medications = []Medication{{Class: Anticoagulant}}
	r, _ := Screen(in, screeningDay, Options{})
	if r.Verdict != Deferred || !r.Until.IsZero() || !strings.Contains(r.Findings[0].Message, "still taken") {
		t.Errorf("still taking anticoagulants: %v %q; want deferred with no until", r, r.Findings[0].Message)
	}
	// Two entries: the later last dose decides.
	in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}, {Class: Anticoagulant, LastDose: mustDate("2027-01-04")}}
	if r, _ := Screen(in, screeningDay, Options{}); r.Until != mustDate("2027-01-14") {
		t.Errorf("two anticoagulants, last doses 1 and 4 January: %v; want until 2027-01-14", r)
	}
}

// Where no source states a number, the rule says so, as data and in every
// finding it gives.
func TestPolicyDefaultsAreMarked(t *testing.T) {
	var marked []string
	for _, r := range DefaultPolicy().Rules() {
		if r.PolicyDefault {
			marked = append(marked, r.ID)
			if !strings.Contains(r.Note, "No source states") {
				t.Errorf("rule %s is a policy default, but its note does not say no source states the number: %q", r.ID, r.Note)
			}
		}
	}
	if want := []string{"corticosteroid", "aspirin", "enzyme-preparation"}; !slices.Equal(marked, want) {
		t.Errorf("policy defaults %v, want %v", marked, want)
	}
	in := clean()
	in.Medications = []Medication{{Class: Aspirin, LastDose: mustDate("2027-01-05")}}
	r, _ := Screen(in, screeningDay, Options{})
	if !strings.Contains(r.Findings[0].Message, "policy default: no source states the number") {
		t.Errorf("aspirin finding %q does not say its number is a policy default", r.Findings[0].Message)
	}
}

// The default policy cites only the five sources, never S0 (whose lists were
// lost), every rule at least once; ids are unique; no rule is Relative, since
// no source says of a condition that it may be treated under supervision.
func TestDefaultPolicyTable(t *testing.T) {
	p := DefaultPolicy()
	if p.Name() != DefaultPolicyName {
		t.Errorf("name %q", p.Name())
	}
	seen := map[string]bool{}
	for _, r := range p.Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s twice", r.ID)
		}
		seen[r.ID] = true
		if r.Note == "" || r.Name == "" {
			t.Errorf("rule %s lacks a name or a note", r.ID)
		}
		for _, s := range r.Sources {
			if !meso.KnownSource(s) || s == meso.S0 {
				t.Errorf("rule %s cites %q", r.ID, s)
			}
		}
		if r.Severity == Relative {
			t.Errorf("rule %s is relative; no source states a relative contraindication", r.ID)
		}
	}
	for _, c := range Conditions() {
		found := false
		for _, r := range p.Rules() {
			found = found || slices.Contains(r.Match.Conditions, c)
		}
		if !found {
			t.Errorf("no rule of the default policy matches condition %s", c)
		}
	}
	for _, m := range MedicationClasses() {
		found := false
		for _, r := range p.Rules() {
			found = found || slices.Contains(r.Match.Medications, m)
		}
		if !found {
			t.Errorf("no rule of the default policy matches medication class %s", m)
		}
	}
}

// Menstruation defers while it lasts (S2, S3); a period that follows on
// extends the deferral; one ahead of the date does not defer today, but does
// on its days.
func TestMenstruation(t *testing.T) {
	in := clean()
	in.Menstruation = []meso.DateRange{
		{From: mustDate("2027-01-08"), To: mustDate("2027-01-12")},
		{From: mustDate("2027-01-13"), To: mustDate("2027-01-14")},
		{From: mustDate("2027-02-05"), To: mustDate("2027-02-09")},
	}
	for _, tc := range []struct {
		day     string
		verdict Verdict
		until   string
	}{
		{"2027-01-07", Cleared, ""},
		{"2027-01-08", Deferred, "2027-01-15"},
		{"2027-01-14", Deferred, "2027-01-15"},
		{"2027-01-15", Cleared, ""},
		{"2027-02-09", Deferred, "2027-02-10"},
	} {
		r, err := Screen(in, mustDate(tc.day), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != tc.verdict || r.Until.String() != tc.until {
			t.Errorf("screened %s: %v; want %s until %q", tc.day, r, tc.verdict, tc.until)
		}
	}
}

// A deferral's until is the first day a session may go ahead, even when a
// menstruation begins inside an anticoagulant washout and outlasts it.
func TestUntilFollowsALaterReason(t *testing.T) {
	in := clean()
	in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}}
	in.Menstruation = []meso.DateRange{{From: mustDate("2027-01-09"), To: mustDate("2027-01-12")}}
	r, err := Screen(in, mustDate("2027-01-05"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Deferred || r.Until != mustDate("2027-01-13") || len(r.Findings) != 1 || r.Findings[0].Until != mustDate("2027-01-11") {
		t.Errorf("washout to 11 January, period 9-12 January, screened 5 January: %v; want deferred until 2027-01-13 by the anticoagulant alone", r)
	}
}

// Allergies: a certain conflict refuses; an allergen the catalog cannot rule
// out gives caution and says to check the label; so does a preparation
// without a stated composition, or none chosen.
func TestAllergies(t *testing.T) {
	for _, tc := range []struct {
		name      string
		allergies []string
		prep      string
		added     []string
		verdict   Verdict
		rule      string
		message   string
	}{
		{"contains", []string{"b-vitamins"}, "pharmacy-budget-mix", nil, Refused, "ingredient-allergy",
			"pharmacy-budget-mix contains biotin, thiamine, vitamin-b-complex, folic-acid (allergy: b-vitamins)"},
		{"added anaesthetic", []string{"anaesthetic"}, "needle-mesotherapy-mix", []string{"procaine"}, Refused, "ingredient-allergy",
			"contains procaine (added) (allergy: anaesthetic)"},
		{"may contain", []string{"biotin"}, "allopathic-cocktail", nil, Caution, "possible-allergy", "biotin may be in vitamin-mix; check the product's label"},
		{"composition unknown", []string{"procaine"}, "mesopecia", nil, Caution, "possible-allergy", "no source states what mesopecia contains"},
		{"no preparation", []string{"procaine"}, "", nil, Caution, "possible-allergy", "no preparation given"},
		{"no conflict", []string{"procaine"}, "needle-mesotherapy-mix", nil, Cleared, "", ""},
		{"no allergies, composition unknown", nil, "mesopecia", nil, Cleared, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := clean()
			in.Allergies = tc.allergies
			r, err := Screen(in, screeningDay, Options{Preparation: tc.prep, Added: tc.added})
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tc.verdict {
				t.Fatalf("%v; want %s", r, tc.verdict)
			}
			if tc.rule == "" {
				return
			}
			if len(r.Findings) != 1 || r.Findings[0].Rule != tc.rule || !strings.Contains(r.Findings[0].Message, tc.message) {
				t.Errorf("%v %q; want one %s finding saying %q", r, r.Findings[0].Message, tc.rule, tc.message)
			}
		})
	}
}

// A clinic's policy can change a rule's severity or days and add a rule; the
// result names the policy that decided.
func TestClinicPolicy(t *testing.T) {
	anticoag, _ := DefaultPolicy().Rule("anticoagulant")
	anticoag.Days = 7
	anticoag.Note = "Clinic protocol: S2's lower bound of 7 days."
	extra := Rule{ID: "clinic-menstruation-margin", Name: "two days after a menstruation", Match: Match{Menstruating: true},
		Severity: Temporary, Days: 3, PolicyDefault: true, Note: "Clinic policy; no source states a number.", Sources: []string{"clinic protocol 2027"}}
	p, err := DefaultPolicy().With("clinic-north", anticoag, extra)
	if err != nil {
		t.Fatal(err)
	}
	in := clean()
	in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}}
	in.Menstruation = []meso.DateRange{{From: mustDate("2027-01-03"), To: mustDate("2027-01-06")}}
	r, err := Screen(in, mustDate("2027-01-07"), Options{Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	if r.Policy != "clinic-north" || r.Verdict != Deferred || r.Until != mustDate("2027-01-09") {
		t.Errorf("%v; want deferred until 2027-01-09 by clinic-north", r)
	}
	if r, _ := Screen(in, mustDate("2027-01-09"), Options{Policy: p}); r.Verdict != Cleared {
		t.Errorf("on the 8th day after the last dose and the 3rd after the period: %v; want cleared", r)
	}
	if _, err := DefaultPolicy().Rule("clinic-menstruation-margin"); err == nil {
		t.Errorf("With changed the default policy")
	}
	if r, _ := DefaultPolicy().Rule("anticoagulant"); r.Days != 10 {
		t.Errorf("With changed the default policy's anticoagulant rule: %+v", r)
	}
}

// A clinic that defers the under-14s instead of refusing them gets the 14th
// birthday as the until; born on 29 February, that is 1 March in a common
// year.
func TestTemporaryAgeRule(t *testing.T) {
	r, _ := DefaultPolicy().Rule("age-under-14")
	r.Severity = Temporary
	r.Note = "Clinic policy: wait for the 14th birthday."
	p, err := DefaultPolicy().With("clinic-youth", r)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ born, on, until string }{
		{"2016-02-29", "2030-02-28", "2030-03-01"}, // a common year: the birthday is 1 March
		{"2013-06-15", "2027-01-10", "2027-06-15"},
		{"2010-02-28", "2023-12-31", "2024-02-28"}, // a leap year, and not 29 February
	} {
		in := Intake{BirthDate: mustDate(tc.born)}
		res, err := Screen(in, mustDate(tc.on), Options{Policy: p})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != Deferred || res.Until != mustDate(tc.until) {
			t.Errorf("born %s, screened %s: %v; want deferred until %s", tc.born, tc.on, res, tc.until)
		}
		if res, _ := Screen(in, mustDate(tc.until), Options{Policy: p}); res.Verdict != Cleared {
			t.Errorf("born %s, on the 14th birthday %s: %v; want cleared", tc.born, tc.until, res)
		}
	}
}
