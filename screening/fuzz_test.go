package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// Any input to DecodeIntake is either an intake that Check accepts, that
// survives MarshalJSON and DecodeIntake unchanged and that screens without
// panicking, or a *meso.FieldError. Nothing panics.
func FuzzIntake(f *testing.F) {
	for _, s := range jsontest.Seeds([]byte(fullIntake), strictjson.MaxDepth) {
		f.Add(s)
	}
	f.Add([]byte(sampleJSON))
	f.Add([]byte(`{"birth_date": "2000-02-29", "pregnant": false, "lactating": true}`))
	f.Add([]byte(`{"birth_date": "9999-12-31", "pregnant": false, "lactating": false, "menstruation": [{"from": "9999-12-30", "to": "9999-12-31"}],
	  "medications": [{"class": "aspirin", "last_dose": "9999-12-25"}, {"class": "anticoagulant"}]}`))
	f.Add([]byte(`{"birth_date": "0001-01-01", "pregnant": null, "lactating": false, "conditions": ["herpes", "herpes"]}`))
	f.Add([]byte(`{"birth_date": "1990-04-12", "pregnant": false, "lactating": false, "sex": "male", "allergies": ["anaesthetic", "zinc"]}`))
	days := []meso.Date{mustDate("0001-01-01"), mustDate("2027-01-10"), mustDate("9999-12-31")}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit is TestIntakeLimits' job; here, the structure
		}
		in, err := DecodeIntake(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) || fe.Field == "" {
				t.Fatalf("DecodeIntake error %v (%T), want a *meso.FieldError naming a field", err, err)
			}
			return
		}
		if err := in.Check(); err != nil {
			t.Fatalf("DecodeIntake accepted an intake Check rejects: %v", err)
		}
		again, err := json.Marshal(in)
		if err != nil {
			t.Fatalf("an accepted intake does not encode: %v", err)
		}
		back, err := DecodeIntake(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("an accepted intake's encoding %s is rejected: %v", again, err)
		}
		if diff := cmp.Diff(in, back, dateEq); diff != "" {
			t.Fatalf("round trip changed the intake (-want +got):\n%s", diff)
		}
		for _, prep := range []string{"", "pharmacy-budget-mix", "mesopecia"} {
			s, err := NewScreener(in, Options{Preparation: prep})
			if err != nil {
				var fe *meso.FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("NewScreener error %v, want a *meso.FieldError", err)
				}
				continue
			}
			for _, d := range append(days, in.BirthDate) {
				r, err := s.Screen(d)
				if err != nil {
					if !d.Before(in.BirthDate) {
						t.Fatalf("Screen(%s) of an intake born %s: %v", d, in.BirthDate, err)
					}
					continue
				}
				if r.Verdict == 0 {
					t.Fatalf("Screen(%s) gave no verdict", d)
				}
				if _, err := json.Marshal(r); err != nil {
					t.Fatalf("a result does not encode: %v", err)
				}
			}
		}
	})
}

// Any input to LoadPolicy is either a policy that survives MarshalJSON and
// LoadPolicy unchanged and screens without panicking, or a *meso.FieldError and no
// policy.
func FuzzPolicy(f *testing.F) {
	if doc, err := DefaultPolicy().MarshalJSON(); err == nil {
		for _, s := range jsontest.Seeds(doc, strictjson.MaxDepth) {
			f.Add(s)
		}
	}
	data, err := json.Marshal(DefaultPolicy())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"name": "x", "rules": [{"id": "a", "match": {"age_below": 1e400}}]}`))
	f.Add([]byte(`{"name": "x", "rules": [{"id": "a", "name": "A", "match": {"menstruating": true}, "severity": "temporary", "days": 1, "sources": ["s"]}]}`))
	in, err := DecodeIntake(bytes.NewReader([]byte(sampleJSON)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit is TestPolicyLimits' job
		}
		p, err := LoadPolicy(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if p != nil || !errors.As(err, &fe) || fe.Field == "" {
				t.Fatalf("LoadPolicy = %v, %v; want nil and a *meso.FieldError naming a field", p, err)
			}
			return
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("an accepted policy does not encode: %v", err)
		}
		back, err := LoadPolicy(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("an accepted policy's encoding is rejected: %v", err)
		}
		if diff := cmp.Diff(p.Rules(), back.Rules()); diff != "" || back.Name() != p.Name() {
			t.Fatalf("round trip changed the policy (-want +got):\n%s", diff)
		}
		for _, d := range []meso.Date{mustDate("2027-01-10"), mustDate("9999-12-31")} {
			r, err := Screen(in, d, Options{Policy: p})
			if err != nil {
				t.Fatalf("Screen under an accepted policy: %v", err)
			}
			if r.Policy != p.Name() || r.Verdict == 0 {
				t.Fatalf("result %v under policy %s", r, p.Name())
			}
		}
	})
}

// Any input to Result.UnmarshalJSON is a result that survives MarshalJSON
// unchanged, or an error.
func FuzzResult(f *testing.F) {
	in, _ := DecodeIntake(bytes.NewReader([]byte(sampleJSON)))
	r, _ := Screen(in, mustDate("2027-01-10"), Options{Preparation: "mesopecia"})
	data, _ := json.Marshal(r)
	f.Add(data)
	for _, s := range jsontest.Seeds(data, strictjson.MaxDepth) {
		f.Add(s)
	}
	f.Add([]byte(`{"verdict": "cleared", "until": null, "policy": "meso-default", "findings": []}`))
	f.Add([]byte(`{"verdict": "deferred", "until": "2027-01-13", "policy": "p", "findings": [{"rule": "m", "severity": "temporary", "until": "2027-01-13", "message": "x", "sources": ["s"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		var r Result
		if err := json.Unmarshal(data, &r); err != nil {
			return
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("an accepted result does not encode: %v", err)
		}
		var back Result
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("an accepted result's encoding %s is rejected: %v", again, err)
		}
		if diff := cmp.Diff(r, back, dateEq); diff != "" {
			t.Fatalf("round trip changed the result (-want +got):\n%s", diff)
		}
	})
}

// unmarshalTypes are the types FuzzUnmarshal reads, in the order the first
// byte of its input picks them.
var unmarshalTypes = []jsontest.Type{
	{Sample: func() any { p := *DefaultPolicy(); return &p }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		p := v.(*Policy)
		_, err := NewPolicy(p.Name(), p.Rules())
		return err
	}, Seeds: []string{`{"name": "x", "rules": []}`, `{"name": "", "rules": null}`}},
	{Sample: func() any { r := DefaultPolicy().Rules()[0]; return &r }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		// A rule joins the default policy: as a new rule, or in place of
		// the default rule of its id when it matches what that one does.
		r := *v.(*Rule)
		if d, err := DefaultPolicy().Rule(r.ID); err == nil && cmp.Diff(d.Match, r.Match) != "" {
			r.ID = "fuzz-rule"
		}
		_, err := DefaultPolicy().With("fuzz", r)
		return err
	}, Seeds: []string{
		`{"id": "a", "name": "A", "match": {"menstruating": true}, "severity": "temporary", "days": 1, "sources": ["s"]}`,
		`{"id": "a", "name": "A", "match": {"menstruating": true, "pregnant": true}, "severity": "absolute", "days": 0, "sources": ["s"]}`,
		`{"id": "a", "name": "A", "match": {"age_below": 18}, "severity": "absolute", "days": -1, "sources": []}`,
	}},
	{Sample: func() any { m := DefaultPolicy().Rules()[0].Match; return &m }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		r := Rule{ID: "fuzz-rule", Name: "Fuzz", Match: *v.(*Match), Severity: Absolute, Sources: []string{"S1"}}
		_, err := DefaultPolicy().With("fuzz", r)
		return err
	}, Seeds: []string{`{}`, `{"conditions": []}`, `{"conditions": ["diabetes", "diabetes"]}`, `{"age_below": 0}`, `{"age_below": 1e400}`, `{"medications": ["aspirin"], "within_days": 3}`}},
	{Sample: func() any { f := sampleFinding(); return &f }, Refusal: fuzzcheck.Field, Seeds: []string{
		`{"rule": "m", "severity": "temporary", "until": "2027-01-13", "message": "x", "sources": ["s"]}`,
		`{"rule": "m", "severity": "absolute", "until": "2027-01-13", "message": "x", "sources": ["s"]}`,
		`{"rule": "m", "severity": "temporary", "until": null, "message": "", "sources": []}`,
		`{"rule": "", "severity": "relative", "until": "", "message": "x", "sources": ["s"]}`,
	}},
	{Sample: func() any { v := Deferred; return &v }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "cleared", "Cleared"}},
	{Sample: func() any { s := Temporary; return &s }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "absolute"}},
	{Sample: func() any { c := Condition(1); return &c }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "diabetes", "herpes"}},
	{Sample: func() any { m := MedicationClass(1); return &m }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "aspirin"}},
	{Sample: func() any { r := Reaction(1); return &r }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "hair-dye"}},
	{Sample: func() any { a := AllergyMatch(1); return &a }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
}

// sampleFinding is a finding of the sample intake.
func sampleFinding() Finding {
	in, err := DecodeIntake(bytes.NewReader([]byte(sampleJSON)))
	if err != nil {
		panic(err)
	}
	r, err := Screen(in, mustDate("2027-01-10"), Options{Preparation: "mesopecia"})
	if err != nil || len(r.Findings) == 0 {
		panic(fmt.Sprint("the sample intake has no findings: ", err))
	}
	return r.Findings[0]
}

// Any input to the UnmarshalJSON of a Policy, a Rule, a Match or a Finding,
// or to the UnmarshalText of an enumeration, is either refused (a
// *meso.FieldError naming the field for the JSON forms, an error wrapping
// a meso sentinel for the text forms, the receiver left as it was) or read
// as a value that NewPolicy (for a policy, a rule or a match) accepts, that
// encodes again and reads back as itself. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	seeds, err := jsontest.FuzzSeeds(unmarshalTypes, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limits have their own tests
		}
		jsontest.CheckInput(t, unmarshalTypes, data, func(want, got any) string {
			return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }))
		})
	})
}

// A match read on its own that matches nothing, or more than one thing, is
// refused naming the match: the error had no field at all (found by
// FuzzUnmarshal).
func TestMatchRefusalNamesTheMatch(t *testing.T) {
	for _, doc := range []string{`{}`, `{"conditions": []}`, `{"pregnant": true, "lactating": true}`} {
		var m Match
		err := m.UnmarshalJSON([]byte(doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != "match" {
			t.Errorf("Match.UnmarshalJSON(%s) = %v, want a *meso.FieldError at match", doc, err)
		}
		if _, err := json.Marshal(Rule{ID: "r", Name: "R", Severity: Absolute, Sources: []string{"S1"}}); !errors.As(err, &fe) || fe.Field != "match" {
			t.Errorf("json.Marshal of a rule with the zero Match = %v, want a *meso.FieldError at match", err)
		}
	}
}

// Decoding into DefaultPolicy() is refused and leaves it as it was: it is
// shared by every caller and is the base NewPolicy checks every policy
// against (no default contraindication may go), and
// json.Unmarshal(doc, screening.DefaultPolicy()) replaced it for the whole
// program, so that a later NewPolicy could drop a default rule.
func TestDefaultPolicyCannotBeDecodedInto(t *testing.T) {
	before := DefaultPolicy().Rules()
	err := json.Unmarshal([]byte(`{"name": "x", "rules": []}`), DefaultPolicy())
	var fe *meso.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("json.Unmarshal into DefaultPolicy() = %v, want a *meso.FieldError wrapping ErrInvalid", err)
	}
	if d := cmp.Diff(before, DefaultPolicy().Rules()); d != "" || DefaultPolicy().Name() != DefaultPolicyName {
		t.Fatalf("decoding into DefaultPolicy() changed it:\n%s", d)
	}
	if _, err := NewPolicy("x", nil); err == nil {
		t.Error("NewPolicy without the default rules succeeded")
	}
}

// What NewPolicy and Result.Check refuse cannot come in through JSON: each
// document here is one way of trying, refused at the field it tries with.
func TestDecodedCannotCarryWhatConstructorsRefuse(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		v           interface{ UnmarshalJSON([]byte) error }
		doc         string
	}{
		{"an absolute finding with an until", "until", new(Finding), `{"rule": "m", "severity": "absolute", "until": "2027-01-13", "message": "x", "sources": ["s"]}`},
		{"a relative finding with an until", "until", new(Finding), `{"rule": "m", "severity": "relative", "until": "2027-01-13", "message": "x", "sources": ["s"]}`},
		{"a finding of no severity", "severity", new(Finding), `{"rule": "m", "severity": "", "until": null, "message": "x", "sources": ["s"]}`},
		{"a finding of no rule", "rule", new(Finding), `{"rule": "", "severity": "absolute", "until": null, "message": "x", "sources": ["s"]}`},
		{"a rule with days it cannot have", "days", new(Rule), `{"id": "a", "name": "A", "match": {"pregnant": true}, "severity": "temporary", "days": 3, "sources": ["s"]}`},
		{"a rule of no severity", "severity", new(Rule), `{"id": "a", "name": "A", "match": {"pregnant": true}, "severity": "", "sources": ["s"]}`},
		{"a rule matching two things", "match", new(Rule), `{"id": "a", "name": "A", "match": {"pregnant": true, "lactating": true}, "severity": "absolute", "sources": ["s"]}`},
		{"a match on an unknown condition", "conditions[0]", new(Match), `{"conditions": ["flu-ish"]}`},
		{"a match on two things", "match", new(Match), `{"pregnant": true, "lactating": true}`},
		{"a policy without the default rules", "rules", new(Policy), `{"name": "x", "rules": []}`},
	} {
		err := tc.v.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, tc.field) {
			t.Errorf("%s: %v, want a *meso.FieldError at %s", tc.name, err, tc.field)
		}
	}
}
