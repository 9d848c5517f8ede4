package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

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
