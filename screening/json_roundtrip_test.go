package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved: an
// intake and a policy through their own decoders, a Screener (a computation
// over an intake, not a record) by refusing.
func TestJSONRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../examples/screen/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	in, err := DecodeIntake(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	on, _ := meso.NewDate(2027, time.January, 10)
	opts := Options{Preparation: "pharmacy-budget-mix", Added: []string{"procaine"}}
	res, err := Screen(in, on, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("the sample intake has no findings")
	}
	s, err := NewScreener(in, opts)
	if err != nil {
		t.Fatal(err)
	}
	verdicts, err := s.Verdicts([]meso.Date{on})
	if err != nil {
		t.Fatal(err)
	}
	rule := DefaultPolicy().Rules()[0]

	samples := []jsontest.Sample{
		{Type: "Intake", Value: in},
		{Type: "Medication", Value: in.Medications[0]},
		{Type: "Result", Value: res},
		{Type: "Finding", Value: res.Findings[0]},
		{Type: "Verdict", Value: res.Verdict},
		{Type: "Severity", Value: res.Findings[0].Severity},
		{Type: "DateVerdict", Value: verdicts[0]},
		{Type: "Policy", Value: DefaultPolicy()},
		{Type: "Rule", Value: rule},
		{Type: "Match", Value: rule.Match},
		{Type: "Condition", Value: in.Conditions[0]},
		{Type: "MedicationClass", Value: in.Medications[0].Class},
		{Type: "Reaction", Value: in.PriorReactions[0]},
		{Type: "AllergyMatch", Value: AllergyMatch(1)},

		{Type: "Options", Value: Options{Preparation: "mesopecia", Added: []string{"procaine"}, Policy: DefaultPolicy(), Catalog: formulary.Default()}},
		{Type: "Screener", Value: s, Refuses: true},
	}
	jsontest.RoundTrip(t, samples, func(data []byte, v any) error {
		return strictjson.Decode(data, v)
	}, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }))
	})
}

// The JSON forms TestJSONRoundTrip reads back are the policy's own, and
// what they refuse, they refuse clearly: a Rule is the row it is in its
// policy, a rule or match NewPolicy would refuse neither marshals nor
// unmarshals, a zero Policy does not marshal to a document LoadPolicy
// refuses, and a Screener says what to save instead.
func TestJSONFormsAndRefusals(t *testing.T) {
	p := DefaultPolicy()
	doc, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Rules() {
		row, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("json.Marshal(rule %s): %v", r.ID, err)
		}
		if !bytes.Contains(doc, row) {
			t.Errorf("rule %s marshals to %s, which is not its row in the policy's JSON", r.ID, row)
		}
	}
	// A Finding is the row it is in its Result.
	res, err := Screen(healthy(t), mustDay(t, "2027-01-10"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res.Findings = []Finding{{Rule: "menstruation", Severity: Temporary, Message: "m", Sources: []string{meso.S2}},
		{Rule: "anticoagulant", Severity: Temporary, Until: mustDay(t, "2027-01-12"), Message: "m", Sources: []string{meso.S2}}}
	res.Verdict, res.Until = Deferred, meso.Date{}
	doc, err = json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		row, err := json.Marshal(f)
		if err != nil {
			t.Fatalf("json.Marshal(finding %s): %v", f.Rule, err)
		}
		if !bytes.Contains(doc, row) {
			t.Errorf("finding %s marshals to %s, which is not its row in the result's JSON %s", f.Rule, row, doc)
		}
	}
	var fe *meso.FieldError
	for name, v := range map[string]any{"Rule{}": Rule{}, "Match{}": Match{}, "Policy{}": &Policy{}, "Finding{}": Finding{},
		"an absolute finding with an until": Finding{Rule: "x", Severity: Absolute, Until: mustDay(t, "2027-01-12"), Message: "m", Sources: []string{"s"}},
		"a match of two things":             Match{Pregnant: true, Lactating: true}} {
		if _, err := json.Marshal(v); !errors.As(err, &fe) {
			t.Errorf("json.Marshal(%s) = %v, want a *meso.FieldError", name, err)
		}
	}
	if _, err := json.Marshal(&Screener{}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("json.Marshal(Screener) = %v, want errors.ErrUnsupported", err)
	}
	for _, tc := range []struct {
		name string
		v    any
		doc  string
	}{
		{"days on a rule that has none", new(Rule), `{"id":"x","name":"x","match":{"pregnant":true},"severity":"absolute","days":3,"sources":["s"]}`},
		{"a folded key", new(Rule), `{"ID":"x","name":"x","match":{"pregnant":true},"severity":"absolute","sources":["s"]}`},
		{"an unknown severity", new(Rule), `{"id":"x","name":"x","match":{"pregnant":true},"severity":"grave","sources":["s"]}`},
		{"a match of nothing", new(Match), `{}`},
		{"an unknown condition", new(Match), `{"conditions":["gout"]}`},
		{"a policy without the default's rules", new(Policy), `{"name":"clinic","rules":[]}`},
		{"a key given twice", new(Policy), `{"name":"a","name":"b","rules":[]}`},
	} {
		if err := strictjson.Decode([]byte(tc.doc), tc.v); err == nil {
			t.Errorf("%s: decoding %s into %T succeeded", tc.name, tc.doc, tc.v)
		}
	}
	// On error the value is left as it was.
	q := *p
	if err := q.UnmarshalJSON([]byte(`{"name":"clinic","rules":[]}`)); err == nil || q.Name() != p.Name() || len(q.Rules()) != len(p.Rules()) {
		t.Errorf("a refused policy document changed the Policy: %v", err)
	}
	r := p.Rules()[0]
	if err := r.UnmarshalJSON([]byte(`{}`)); err == nil || r.ID != p.Rules()[0].ID {
		t.Errorf("a refused rule document changed the Rule: %v", err)
	}
}

func mustDay(t *testing.T, s string) meso.Date {
	t.Helper()
	d, err := meso.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
