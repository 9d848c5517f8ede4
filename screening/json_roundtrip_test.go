package screening

import (
	"bytes"
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
