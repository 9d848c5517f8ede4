package aftercare

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/mesokit/meso"
)

// TestAttackNullDays: a policy whose instruction says "days": null was read
// as a lead of 0 days, so {"id": "stop-anticoagulants", "days": null} loaded
// as "stop anticoagulants 0 days before the session". null is no number of
// days: the policy is refused, naming the field.
func TestAttackNullDays(t *testing.T) {
	data, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, from, to string
		wantField      string // "" for loaded
	}{
		{"the default policy", `"stop-anticoagulants","days":10`, `"stop-anticoagulants","days":10`, ""},
		{"a lead of 0 days, written", `"no-styling-products-on-the-day","days":0`, `"no-styling-products-on-the-day","days":0`, ""},
		{"a lead of null days", `"stop-anticoagulants","days":10`, `"stop-anticoagulants","days":null`, "instructions[11].days"},
		{"an activity of null", `"activity":"sauna"`, `"activity":null`, "restrictions[9].activity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(data, []byte(tc.from)) {
				t.Fatalf("the default policy's JSON has no %s", tc.from)
			}
			doc := bytes.Replace(data, []byte(tc.from), []byte(tc.to), 1)
			p, err := LoadPolicy(bytes.NewReader(doc))
			var fe *meso.FieldError
			switch {
			case tc.wantField == "" && err != nil:
				t.Fatalf("LoadPolicy = %v, want it loaded", err)
			case tc.wantField != "" && (!errors.As(err, &fe) || fe.Field != tc.wantField):
				t.Fatalf("LoadPolicy = %v, %v; want a *meso.FieldError at %s", p != nil, err, tc.wantField)
			}
		})
	}
}
