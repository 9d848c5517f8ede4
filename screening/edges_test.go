package screening

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned: the values at the edges of the package's limits, the
// checks of Result.Check, the wording of findings and ScreenDates. Each
// says which behaviour it pins; the commit that added it names the mutants.

// ids returns n distinct kebab-case ids with the prefix.
func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// Every limit is inclusive: exactly the limit is accepted, one more is not
// (the "one more" cases are in TestIntakeLimits and TestPolicyLimits).
func TestIntakeAtTheLimits(t *testing.T) {
	in := clean()
	in.Allergies = ids("a", MaxListLen)
	if err := in.Check(); err != nil {
		t.Errorf("Check with MaxListLen (%d) allergies: %v, want none", MaxListLen, err)
	}
	longest := strings.Repeat("a", meso.MaxIDLen)
	in.Allergies = []string{longest}
	if err := in.Check(); err != nil {
		t.Errorf("Check with an allergy id of MaxIDLen (%d) bytes: %v, want none", meso.MaxIDLen, err)
	}
	// … and Check goes on past it to what else is wrong.
	in.Allergies = []string{longest, longest}
	var fe *meso.FieldError
	if err := in.Check(); !errors.As(err, &fe) || fe.Field != "allergies[1]" || !errors.Is(err, meso.ErrDuplicate) {
		t.Errorf("Check with an allergy id of MaxIDLen bytes twice: %v, want meso.ErrDuplicate at allergies[1]", err)
	}

	quoted := make([]string, MaxListLen)
	for i, id := range ids("a", MaxListLen) {
		quoted[i] = strconv.Quote(id)
	}
	doc := strings.Replace(sampleJSON, `["procaine", "b-vitamins"]`, "["+strings.Join(quoted, ",")+"]", 1)
	got, err := DecodeIntake(strings.NewReader(doc))
	if err != nil || len(got.Allergies) != MaxListLen {
		t.Errorf("DecodeIntake with MaxListLen (%d) allergies: %d allergies, %v; want all of them", MaxListLen, len(got.Allergies), err)
	}

	// Exactly MaxIntakeBytes: the sample padded with blanks inside the object.
	exact := []byte(strings.TrimSuffix(sampleJSON, "}"))
	exact = append(exact, strings.Repeat(" ", MaxIntakeBytes-len(exact)-1)...)
	exact = append(exact, '}')
	var fromExact Intake
	if err := fromExact.UnmarshalJSON(exact); err != nil {
		t.Errorf("UnmarshalJSON of exactly MaxIntakeBytes (%d): %v, want the intake", len(exact), err)
	}
}

// Lists given empty decode as nil, exactly as if they were left out: an
// intake decoded from JSON equals the one a Go caller builds.
func TestIntakeEmptyListsDecodeAsNil(t *testing.T) {
	got, err := DecodeIntake(strings.NewReader(`{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
	  "menstruation": [], "conditions": [], "medications": [], "allergies": [], "prior_reactions": [], "indications": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(clean(), got, dateEq); diff != "" {
		t.Errorf("decoded intake (-want +got):\n%s", diff)
	}
}

// The first value past the end of a code table is unknown, like any other,
// and never indexes past the table.
func TestCodePastTheEndOfItsTable(t *testing.T) {
	in := clean()
	past := Condition(len(conditionText.Names))
	in.Conditions = []Condition{past}
	var fe *meso.FieldError
	if err := in.Check(); !errors.As(err, &fe) || fe.Field != "conditions[0]" || !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("Check with Condition(%d): %v, want meso.ErrUnknown at conditions[0]", past, err)
	}
}

// bigPolicy returns the default's rules followed by extra rules, n in all.
func bigPolicy(n int) []Rule {
	rules := DefaultPolicy().Rules()
	extra := rules[0]
	for _, id := range ids("extra-", n-len(rules)) {
		extra.ID = id
		rules = append(rules, extra)
	}
	return rules
}

func TestPolicyAtTheLimits(t *testing.T) {
	p, err := NewPolicy("big", bigPolicy(MaxRules))
	if err != nil {
		t.Fatalf("NewPolicy with MaxRules (%d) rules: %v, want the policy", MaxRules, err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := LoadPolicy(strings.NewReader(string(data))); err != nil || len(back.Rules()) != MaxRules {
		t.Errorf("LoadPolicy with MaxRules (%d) rules: %v, want the policy", MaxRules, err)
	}

	r, _ := DefaultPolicy().Rule("pregnancy")
	r.Sources = ids("s", MaxListLen)
	if _, err := DefaultPolicy().With("many-sources", r); err != nil {
		t.Errorf("a rule with MaxListLen (%d) sources: %v, want the policy", MaxListLen, err)
	}

	// Age bounds run from 1 to MaxAge years, both included.
	young := Rule{ID: "under-one", Name: "under one year", Match: Match{AgeBelow: 1}, Severity: Absolute, Sources: []string{"clinic"}}
	old := Rule{ID: "over-max-age", Name: "over the oldest age", Match: Match{AgeAbove: MaxAge}, Severity: Absolute, Sources: []string{"clinic"}}
	if _, err := DefaultPolicy().With("ages", young, old); err != nil {
		t.Errorf("rules on ages 1 and MaxAge (%d): %v, want the policy", MaxAge, err)
	}
}

// A rule's list of exactly MaxListLen codes is not over the limit: the error
// names what is wrong with it (there are fewer codes than that, so one is
// given twice), not a limit it does not pass.
func TestRuleCodesAtTheLimit(t *testing.T) {
	r := Rule{ID: "herpes-many", Name: "herpes", Severity: Absolute, Sources: []string{"clinic"}}
	r.Match.Conditions = make([]Condition, MaxListLen)
	for i := range r.Match.Conditions {
		r.Match.Conditions[i] = Herpes
	}
	rules := append(DefaultPolicy().Rules(), r)
	field := "rules[" + strconv.Itoa(len(rules)-1) + "].match.conditions[1]"
	var fe *meso.FieldError
	if _, err := NewPolicy("many", rules); !errors.As(err, &fe) || fe.Field != field || !errors.Is(err, meso.ErrDuplicate) {
		t.Errorf("NewPolicy with MaxListLen conditions on a rule: %v, want meso.ErrDuplicate at %s", err, field)
	}

	herpes := `"herpes"` + strings.Repeat(`,"herpes"`, MaxListLen-1)
	doc := strings.Replace(defaultJSON(t), `"conditions":["herpes"]`, `"conditions":[`+herpes+`]`, 1)
	if _, err := LoadPolicy(strings.NewReader(doc)); !errors.As(err, &fe) || !strings.HasSuffix(fe.Field, ".match.conditions[1]") || !errors.Is(err, meso.ErrDuplicate) {
		t.Errorf("LoadPolicy with MaxListLen conditions on a rule: %v, want meso.ErrDuplicate at its conditions[1]", err)
	}
}

func TestVerdictsAtTheLimit(t *testing.T) {
	s, err := NewScreener(clean(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	dates := make([]meso.Date, MaxDates)
	for i := range dates {
		dates[i] = screeningDay
	}
	if v, err := s.Verdicts(dates); err != nil || len(v) != MaxDates {
		t.Errorf("Verdicts of MaxDates (%d) dates: %d verdicts, %v; want one for each", MaxDates, len(v), err)
	}
}

// validResult is a result Screen could give: deferred by one temporary
// finding until 13 January.
func validResult() Result {
	until := mustDate("2027-01-13")
	return Result{Verdict: Deferred, Until: until, Policy: DefaultPolicyName, Findings: []Finding{
		{Rule: "menstruation", Severity: Temporary, Until: until, Message: "menstruation: Fri 2027-01-08 to Tue 2027-01-12", Sources: []string{"s"}},
	}}
}

// Result.Check rejects each thing Screen could not have given, naming the
// field; decoding runs the same check.
func TestResultCheckRejects(t *testing.T) {
	if err := validResult().Check(); err != nil {
		t.Fatalf("the valid result: %v", err)
	}
	second := Finding{Rule: "anticoagulant", Severity: Temporary, Until: mustDate("2027-01-11"), Message: "m", Sources: []string{"s"}}
	for _, tc := range []struct {
		name   string
		change func(*Result)
		field  string
		want   error
	}{
		{"no verdict", func(r *Result) { r.Verdict = 0 }, "verdict", meso.ErrUnknown},
		{"unknown verdict", func(r *Result) { r.Verdict = 99 }, "verdict", meso.ErrUnknown},
		{"policy not an id", func(r *Result) { r.Policy = "Meso Default" }, "policy", meso.ErrInvalid},
		{"no policy", func(r *Result) { r.Policy = "" }, "policy", meso.ErrMissing},
		{"finding without a rule", func(r *Result) { r.Findings[0].Rule = "" }, "findings[0].rule", meso.ErrMissing},
		{"rule twice", func(r *Result) { r.Findings = append(r.Findings, r.Findings[0]) }, "findings[1].rule", meso.ErrDuplicate},
		{"finding without a severity", func(r *Result) { r.Findings[0].Severity = 0 }, "findings[0].severity", meso.ErrUnknown},
		{"until on an absolute finding", func(r *Result) {
			r.Findings[0].Severity, r.Verdict, r.Until = Absolute, Refused, meso.Date{}
		}, "findings[0].until", meso.ErrInvalid},
		{"finding without a message", func(r *Result) { r.Findings[0].Message = "" }, "findings[0].message", meso.ErrMissing},
		{"finding without sources", func(r *Result) { r.Findings[0].Sources = nil }, "findings[0].sources", meso.ErrMissing},
		{"source twice", func(r *Result) { r.Findings[0].Sources = []string{"s", "s"} }, "findings[0].sources[1]", meso.ErrDuplicate},
		{"verdict not the worst finding's", func(r *Result) { r.Verdict = Caution }, "verdict", meso.ErrInvalid},
		{"until on a refusal", func(r *Result) {
			r.Findings = append(r.Findings, Finding{Rule: "pregnancy", Severity: Absolute, Message: "m", Sources: []string{"s"}})
			r.Verdict = Refused
		}, "until", meso.ErrInvalid},
		{"until while a reason has no end", func(r *Result) { r.Findings = append(r.Findings, second); r.Findings[1].Until = meso.Date{} }, "until", meso.ErrInvalid},
		{"until before a finding's", func(r *Result) { r.Until = mustDate("2027-01-12") }, "until", meso.ErrInvalid},
		{"no until on a deferral that ends", func(r *Result) { r.Until = meso.Date{} }, "until", meso.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := validResult()
			tc.change(&r)
			err := r.Check()
			var fe *meso.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
				t.Errorf("Check() = %v, want %v at %s", err, tc.want, tc.field)
			}
		})
	}
	// A later until than every finding's is one Screen gives when a later
	// menstruation joins on; an earlier one it never gives.
	r := validResult()
	r.Findings = append(r.Findings, second)
	if err := r.Check(); err != nil {
		t.Errorf("two deferrals, until the later: %v", err)
	}
}

func TestResultAtTheLimits(t *testing.T) {
	r := Result{Verdict: Refused, Policy: "big"}
	for _, id := range ids("r", MaxRules) {
		r.Findings = append(r.Findings, Finding{Rule: id, Severity: Absolute, Message: "m", Sources: []string{"s"}})
	}
	if err := r.Check(); err != nil {
		t.Errorf("Check with MaxRules (%d) findings: %v, want none", MaxRules, err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil || len(back.Findings) != MaxRules {
		t.Errorf("UnmarshalJSON with MaxRules (%d) findings: %v, want all of them", MaxRules, err)
	}

	// Exactly MaxResultBytes: a result padded with blanks inside the object.
	data, err = json.Marshal(validResult())
	if err != nil {
		t.Fatal(err)
	}
	exact := append(data[:len(data)-1:len(data)-1], strings.Repeat(" ", MaxResultBytes-len(data))...)
	exact = append(exact, '}')
	if err := back.UnmarshalJSON(exact); err != nil {
		t.Errorf("UnmarshalJSON of exactly MaxResultBytes (%d): %v, want the result", len(exact), err)
	}
}

// ScreenDates gives each date's verdict, as Screener.Verdicts does, and
// rejects an intake as Screen does.
func TestScreenDates(t *testing.T) {
	in := clean()
	in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}}
	got, err := ScreenDates(in, []meso.Date{mustDate("2027-01-10"), mustDate("2027-01-11")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []DateVerdict{
		{Date: mustDate("2027-01-10"), Verdict: Deferred, Until: mustDate("2027-01-11")},
		{Date: mustDate("2027-01-11"), Verdict: Cleared},
	}
	if diff := cmp.Diff(want, got, dateEq); diff != "" {
		t.Errorf("ScreenDates (-want +got):\n%s", diff)
	}
	var fe *meso.FieldError
	if v, err := ScreenDates(Intake{}, []meso.Date{screeningDay}, Options{}); v != nil || !errors.As(err, &fe) || fe.Field != "birth_date" {
		t.Errorf("ScreenDates of an intake without a birth date = %v, %v; want nil and an error at birth_date", v, err)
	}
}

// The words of a finding: what matched, and what its severity means here,
// with the day a washout ends counted for a medication only.
func TestFindingMessages(t *testing.T) {
	menses := []meso.DateRange{{From: mustDate("2027-01-08"), To: mustDate("2027-01-12")}}
	for _, tc := range []struct {
		name   string
		change func(*Intake)
		prep   string
		want   string
	}{
		{"two allergies, composition unknown", func(in *Intake) { in.Allergies = []string{"procaine", "biotin"} }, "mesopecia",
			"allergy not ruled out: no source states what mesopecia contains; check the product's label for procaine, biotin; " +
				"not a contraindication of itself: the clinician assesses it before treating"},
		{"menstruation", func(in *Intake) { in.Menstruation = menses }, "",
			"menstruation: Fri 2027-01-08 to Tue 2027-01-12; deferred, clear from Wed 2027-01-13"},
		{"anticoagulant", func(in *Intake) {
			in.Medications = []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}}
		}, "",
			"taking anticoagulant drugs: anticoagulant last taken Fri 2027-01-01; deferred, clear from Mon 2027-01-11, the 10th day after the last dose"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := clean()
			tc.change(&in)
			r, err := Screen(in, screeningDay, Options{Preparation: tc.prep})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Findings) != 1 || r.Findings[0].Message != tc.want {
				t.Errorf("findings %+v\nwant one with the message\n%s", r.Findings, tc.want)
			}
		})
	}
}
