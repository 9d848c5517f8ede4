package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mesokit/meso/internal/strictjson"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/jsontest"
)

// fullIntake holds every key of the intake's schema.
const fullIntake = `{"birth_date": "1990-04-12", "sex": "female", "pregnant": false, "lactating": false,
	"menstruation": [{"from": "2027-01-08", "to": "2027-01-12"}], "conditions": ["herpes"],
	"medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}], "allergies": ["procaine"], "other_allergies": ["pollen"],
	"prior_reactions": ["hair-dye"], "indications": ["diffuse-alopecia"]}`

// Every key of every schema, in other letters, is refused by name.
func TestFoldedKeysRefused(t *testing.T) {
	t.Run("intake", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, [][]byte{[]byte(fullIntake)}, func(b []byte) error {
			_, err := DecodeIntake(strings.NewReader(string(b)))
			return err
		}, intakeJSON{}, rangeJSON{}, medicationJSON{})
	})
	t.Run("policy", func(t *testing.T) {
		doc, err := DefaultPolicy().MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error {
			_, err := LoadPolicy(strings.NewReader(string(b)))
			return err
		}, policyJSON{}, ruleJSON{}, matchJSON{})
	})
	// The rows of a policy read on their own: the default policy's rules
	// (between them every key of a rule and of a match, once a rule has a
	// note and one is a policy default), their matches, a finding.
	var rules, matches [][]byte
	for _, r := range DefaultPolicy().Rules() {
		doc, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, doc)
		if doc, err = json.Marshal(r.Match); err != nil {
			t.Fatal(err)
		}
		matches = append(matches, doc)
	}
	noted := DefaultPolicy().Rules()[0]
	noted.Note, noted.PolicyDefault = "a clinic's note", true
	doc, err := json.Marshal(noted)
	if err != nil {
		t.Fatal(err)
	}
	rules = append(rules, doc)
	t.Run("policy (UnmarshalJSON)", func(t *testing.T) {
		doc, err := DefaultPolicy().MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error {
			return new(Policy).UnmarshalJSON(b)
		}, policyJSON{}, ruleJSON{}, matchJSON{})
	})
	t.Run("rule", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, rules, func(b []byte) error { return new(Rule).UnmarshalJSON(b) }, ruleJSON{}, matchJSON{})
	})
	t.Run("match", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, matches, func(b []byte) error { return new(Match).UnmarshalJSON(b) }, matchJSON{})
	})
	t.Run("finding", func(t *testing.T) {
		doc, err := json.Marshal(sampleFinding())
		if err != nil {
			t.Fatal(err)
		}
		jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error { return new(Finding).UnmarshalJSON(b) }, findingJSON{})
	})
	t.Run("result", func(t *testing.T) {
		in, err := DecodeIntake(strings.NewReader(fullIntake))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Screen(in, mustDate("2027-01-05"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := res.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error {
			var r Result
			return r.UnmarshalJSON(b)
		}, resultJSON{}, findingJSON{})
	})
}

// deepDecoders are this package's decoders, each with the key of a list
// it walks and the largest input it takes.
var deepDecoders = []jsontest.Decoder{
	{Name: "intake", Key: "menstruation", Size: MaxIntakeBytes, Decode: func(data []byte) error {
		_, err := DecodeIntake(bytes.NewReader(data))
		return err
	}},
	{Name: "policy", Key: "rules", Size: MaxPolicyBytes, Decode: func(data []byte) error {
		_, err := LoadPolicy(bytes.NewReader(data))
		return err
	}},
	{Name: "result", Key: "findings", Size: MaxResultBytes, Decode: func(data []byte) error {
		var r Result
		return r.UnmarshalJSON(data)
	}},
}

// Decoding a hostile document of the largest size accepted, nested to the
// depth limit or far past it, costs memory linear in its size.
func TestDecodeMemoryIsLinear(t *testing.T) {
	jsontest.CheckMemoryOf(t, deepDecoders, strictjson.MaxDepth)
}

func BenchmarkDecodeDeep(b *testing.B) {
	jsontest.BenchmarkDeepOf(b, deepDecoders, strictjson.MaxDepth)
}

// The smaller findings of issue 12, each refused with a message a person
// can act on.
func TestIntakeDecodingMessages(t *testing.T) {
	for _, tc := range []struct {
		name, in, field string
		say             []string
		not             string
	}{
		{"an array", `[]`, "document", []string{"got an array, want an object"}, "intakeJSON"},
		{"a byte-order mark", "\ufeff{}", "document", []string{"byte-order mark", "line 1, column 1"}, "ï"},
		{"a syntax error", "{\"birth_date\": \"1990-04-12\",\n \"pregnant\": tru}", "pregnant", []string{"line 2, column 14"}, "offset"},
		{"a last dose before birth", `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
			"medications": [{"class": "aspirin", "last_dose": "1989-12-31"}]}`, "medications[0].last_dose", []string{"1989-12-31", "before birth_date 1990-04-12"}, ""},
		{"a period before birth", `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
			"menstruation": [{"from": "1990-01-01", "to": "1990-01-05"}]}`, "menstruation[0].from", []string{"before birth_date"}, ""},
		{"nested too deeply", `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false, "menstruation": [` +
			strings.Repeat("[", 80) + strings.Repeat("]", 80) + `]}`, "menstruation" + strings.Repeat("[0]", 63), []string{"more than 64 levels"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeIntake(strings.NewReader(tc.in))
			var fe *meso.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("DecodeIntake = %v, want a *meso.FieldError at %s", err, tc.field)
			}
			for _, s := range tc.say {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if tc.not != "" && strings.Contains(err.Error(), tc.not) {
				t.Errorf("error %q says %q", err, tc.not)
			}
		})
	}
}
