package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

func defaultJSON(t testing.TB) string {
	data, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The default policy survives MarshalJSON and LoadPolicy unchanged.
func TestPolicyRoundTrip(t *testing.T) {
	p, err := LoadPolicy(strings.NewReader(defaultJSON(t)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(DefaultPolicy().Rules(), p.Rules()); diff != "" || p.Name() != DefaultPolicyName {
		t.Errorf("round trip changed the policy %q (-want +got):\n%s", p.Name(), diff)
	}
}

func TestLoadPolicyRejects(t *testing.T) {
	base := defaultJSON(t)
	for _, tc := range []struct {
		name, old, new string
		field, value   string
		want           error
	}{
		{"unknown field", `"name":"strictest-stated",`, `"name":"strictest-stated","version":2,`, "version", "", meso.ErrUnknown},
		{"unknown rule field", `"id":"pregnancy",`, `"id":"pregnancy","weight":1,`, "rules[0].weight", "", meso.ErrUnknown},
		{"unknown match field", `{"pregnant":true}`, `{"pregnant":true,"trimester":1}`, "rules[0].match.trimester", "", meso.ErrUnknown},
		{"duplicate key", `"id":"pregnancy",`, `"id":"pregnancy","id":"pregnant",`, "rules[0].id", "", meso.ErrDuplicate},
		{"name not an id", `"name":"strictest-stated"`, `"name":"Meso Default"`, "name", "Meso Default", meso.ErrInvalid},
		{"unknown severity", `"severity":"absolute"`, `"severity":"strict"`, "rules[0].severity", "strict", meso.ErrUnknown},
		{"missing severity", `"severity":"absolute",`, ``, "rules[0].severity", "", meso.ErrMissing},
		{"match on nothing", `{"pregnant":true}`, `{"pregnant":false}`, "rules[0].match", "", meso.ErrMissing},
		{"no match", `"match":{"pregnant":true},`, ``, "rules[0].match", "", meso.ErrMissing},
		{"match on two things", `{"pregnant":true}`, `{"pregnant":true,"lactating":true}`, "rules[0].match", `{"pregnant":true,"lactating":true}`, meso.ErrInvalid},
		{"unknown condition", `"conditions":["cancer"]`, `"conditions":["cancer","flu"]`, "rules[5].match.conditions[1]", "flu", meso.ErrUnknown},
		{"condition twice", `"conditions":["cancer"]`, `"conditions":["cancer","cancer"]`, "rules[5].match.conditions[1]", "cancer", meso.ErrDuplicate},
		{"unknown allergy match", `"allergy":"certain"`, `"allergy":"sure"`, "rules[16].match.allergy", "sure", meso.ErrUnknown},
		{"days on a condition", `"severity":"absolute","note":"S2: decompensated`, `"severity":"absolute","days":3,"note":"S2: decompensated`,
			"rules[9].days", "3", meso.ErrInvalid},
		{"no days on a medication", `"days":10,"note":"S1, S3`, `"note":"S1, S3`, "rules[12].days", "0", meso.ErrInvalid},
		{"too many days", `"days":10,"note":"S1, S3`, `"days":99999,"note":"S1, S3`, "rules[12].days", "99999", meso.ErrInvalid},
		{"age out of range", `{"age_below":14}`, `{"age_below":-3}`, "rules[3].match.age_below", "-3", meso.ErrInvalid},
		{"policy default without a note", `"policy_default":true,"note":"S1: do not use aspirin before the procedure. No source states for how long; the policy default applies the 10 days S2 states for drugs that affect blood coagulation."`,
			`"policy_default":true`, "rules[14].note", "", meso.ErrMissing},
		{"no sources", `"sources":["001_47773e55ef5146b0.txt","004_9a93728177cef214.txt"]}]}`, `"sources":[]}]}`, "rules[38].sources", "", meso.ErrMissing},
		{"source twice", `"sources":["001_47773e55ef5146b0.txt","004_9a93728177cef214.txt"]}]}`, `"sources":["004_9a93728177cef214.txt","004_9a93728177cef214.txt"]}]}`,
			"rules[38].sources[1]", "004_9a93728177cef214.txt", meso.ErrDuplicate},
		{"rule id twice", `"id":"lactation"`, `"id":"pregnancy"`, "rules[1].id", "pregnancy", meso.ErrDuplicate},
		{"a rule of the sources dropped", `"id":"lactation"`, `"id":"lactation-clinic"`, "rules", "lactation", meso.ErrMissing},
		{"a rule of the sources rematched", `{"lactating":true}`, `{"pregnant":true}`, "rules[1].match", "lactation", meso.ErrInvalid},
		{"trailing data", `]}]}`, `]}]} []`, "document", "", meso.ErrInvalid},
		{"syntax error inside a rule", `]}`, `]} []`, "rules[0]", "", meso.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(base, tc.old, tc.new, 1)
			if in == base {
				t.Fatalf("test case changes nothing: %q not in the default policy", tc.old)
			}
			p, err := LoadPolicy(strings.NewReader(in))
			var fe *meso.FieldError
			if p != nil || !errors.As(err, &fe) {
				t.Fatalf("LoadPolicy = %v, %v; want nil and a *meso.FieldError", p, err)
			}
			if fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, tc.want) {
				t.Errorf("error %q: field %q, value %q; want field %q, value %q, wrapping %v", err, fe.Field, fe.Value, tc.field, tc.value, tc.want)
			}
		})
	}
}

func TestPolicyLimits(t *testing.T) {
	if _, err := LoadPolicy(strings.NewReader(strings.Repeat(" ", MaxPolicyBytes+1))); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("input over MaxPolicyBytes: %v", err)
	}
	rules := DefaultPolicy().Rules()
	for len(rules) <= MaxRules {
		r := rules[0]
		r.ID = "extra-" + strings.Repeat("x", len(rules)%50) + string(rune('a'+len(rules)%26))
		rules = append(rules, r)
	}
	if _, err := NewPolicy("big", rules); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("more than MaxRules rules: %v", err)
	}
}

// What a caller does with returned rules never reaches the policy.
func TestPolicyValuesAreCopies(t *testing.T) {
	rules := DefaultPolicy().Rules()
	rules[0].Sources[0] = "x"
	rules[5].Match.Conditions[0] = Herpes
	r, _ := DefaultPolicy().Rule("diabetes")
	r.Match.Conditions[0] = Herpes
	if again := DefaultPolicy().Rules(); again[0].Sources[0] == "x" || again[5].Match.Conditions[0] == Herpes {
		t.Errorf("a change to a returned rule reached the policy")
	}
	if r, _ := DefaultPolicy().Rule("diabetes"); r.Match.Conditions[0] != Diabetes {
		t.Errorf("a change to a returned rule reached the policy")
	}
	res, _ := Screen(Intake{BirthDate: mustDate("1990-01-01"), Pregnant: true}, screeningDay, Options{})
	res.Findings[0].Sources[0] = "x"
	if r, _ := DefaultPolicy().Rule("pregnancy"); r.Sources[0] == "x" {
		t.Errorf("a change to a finding's sources reached the policy")
	}
}

// A clinic policy in JSON: the default's text, one severity changed.
func TestLoadClinicPolicy(t *testing.T) {
	in := strings.Replace(defaultJSON(t), `"name":"strictest-stated"`, `"name":"clinic-north"`, 1)
	in = strings.Replace(in, `"id":"herpes","name":"herpes","match":{"conditions":["herpes"]},"severity":"absolute"`,
		`"id":"herpes","name":"herpes","match":{"conditions":["herpes"]},"severity":"temporary"`, 1)
	p, err := LoadPolicy(bytes.NewReader([]byte(in)))
	if err != nil {
		t.Fatal(err)
	}
	intake := clean()
	intake.Conditions = []Condition{Herpes}
	r, err := Screen(intake, screeningDay, Options{Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Deferred || r.Policy != "clinic-north" || !strings.Contains(r.Findings[0].Message, "until recovered") {
		t.Errorf("%v %q; want deferred until recovered, by clinic-north", r, r.Findings[0].Message)
	}
}
