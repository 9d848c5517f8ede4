package screening

import (
	"strings"
	"testing"

	"github.com/mesokit/meso/internal/jsontest"
)

// fullIntake holds every key of the intake's schema.
const fullIntake = `{"birth_date": "1990-04-12", "sex": "female", "pregnant": false, "lactating": false,
	"menstruation": [{"from": "2027-01-08", "to": "2027-01-12"}], "conditions": ["herpes"],
	"medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}], "allergies": ["procaine"],
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
