package screening

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// A result says what it was made for: the date, the preparation (or none)
// and the policy; its JSON carries them and reads them back.
func TestResultRecordsWhatItWasMadeFor(t *testing.T) {
	in := Intake{BirthDate: mustDate("1990-04-12")}
	for _, prep := range []string{"", "greying-cocktail"} {
		r, err := Screen(in, mustDate("2027-01-10"), Options{Preparation: prep})
		if err != nil {
			t.Fatal(err)
		}
		if r.Date != mustDate("2027-01-10") || r.Preparation != prep || r.Policy != DefaultPolicyName {
			t.Errorf("Screen for %q: date %s, preparation %q, policy %s", prep, r.Date, r.Preparation, r.Policy)
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		wantPrep := `"preparation":null`
		if prep != "" {
			wantPrep = `"preparation":"` + prep + `"`
		}
		if !strings.HasPrefix(string(data), `{"date":"2027-01-10",`+wantPrep+`,`) {
			t.Errorf("JSON %s does not begin with the date and %s", data, wantPrep)
		}
		var back Result
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, back, dateEq); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}

// A result stored before results recorded their date and preparation reads
// with neither; what cannot be one Screen gave is refused, naming the field.
func TestResultJSONOldAndBad(t *testing.T) {
	var old Result
	if err := json.Unmarshal([]byte(`{"verdict": "cleared", "until": null, "policy": "meso-default", "findings": []}`), &old); err != nil {
		t.Fatalf("an old result: %v", err)
	}
	if !old.Date.IsZero() || old.Preparation != "" {
		t.Errorf("an old result reads as made on %s for %q; want neither", old.Date, old.Preparation)
	}
	if old.Policy != DefaultPolicyName {
		t.Errorf("an old result of the default policy, named meso-default, reads as made by %q; want %q", old.Policy, DefaultPolicyName)
	}
	for _, tc := range []struct{ json, field string }{
		{`{"date": "2027-02-30", "preparation": null, "verdict": "cleared", "until": null, "policy": "p", "findings": []}`, "date"},
		{`{"date": "2027-01-10", "preparation": "", "verdict": "cleared", "until": null, "policy": "p", "findings": []}`, "preparation"},
		{`{"date": "2027-01-10", "preparation": "Greying", "verdict": "cleared", "until": null, "policy": "p", "findings": []}`, "preparation"},
		{`{"date": "2027-01-13", "preparation": null, "verdict": "deferred", "until": "2027-01-13", "policy": "p",
		   "findings": [{"rule": "m", "severity": "temporary", "until": "2027-01-13", "message": "x", "sources": ["s"]}]}`, "until"},
	} {
		var r Result
		err := json.Unmarshal([]byte(tc.json), &r)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: %v, want a meso.FieldError at %s", tc.json, err, tc.field)
		}
	}
}

// Clone shares nothing with the result it copies.
func TestResultClone(t *testing.T) {
	in := Intake{BirthDate: mustDate("1990-04-12"), PriorReactions: []Reaction{DyeReaction}, Conditions: []Condition{AcuteIllness}}
	r, err := Screen(in, mustDate("2027-01-10"), Options{})
	if err != nil || len(r.Findings) < 2 {
		t.Fatalf("%v, %d findings", err, len(r.Findings))
	}
	c := r.Clone()
	c.Findings[0].Rule, c.Findings[1].Sources[0] = "changed", "changed"
	if r.Findings[0].Rule == "changed" || r.Findings[1].Sources[0] == "changed" {
		t.Errorf("changing the clone changed the result")
	}
	if (Result{}).Clone().Findings != nil {
		t.Errorf("the zero Result's clone has findings")
	}
}
