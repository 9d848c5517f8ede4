package screening

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	on, _ := meso.NewDate(2027, time.January, 10)
	var d meso.Date
	var r meso.DateRange
	if !d.IsZero() || r.Check() == nil {
		t.Errorf("Date{} is not zero, or DateRange{} checks")
	}
	// An intake without its answers is refused, not guessed at.
	var in Intake
	if err := in.Check(); err == nil {
		t.Errorf("Intake{}.Check() accepted")
	}
	if _, err := Screen(in, on, Options{}); err == nil {
		t.Errorf("Screen(Intake{}) accepted")
	}
	if _, err := NewScreener(in, Options{}); err == nil {
		t.Errorf("NewScreener(Intake{}) accepted")
	}
	// The zero Screener, Options and Policy: the zero Options are the
	// defaults (DefaultPolicy, the default catalog); the zero Screener and
	// Policy are refused where they would be used.
	var s Screener
	if _, err := s.Screen(on); err == nil {
		t.Errorf("Screener{}.Screen accepted")
	}
	if _, err := s.Verdicts([]meso.Date{on}); err == nil {
		t.Errorf("Screener{}.Verdicts accepted")
	}
	var p Policy
	if p.Name() != "" || len(p.Rules()) != 0 {
		t.Errorf("Policy{} has a name or rules")
	}
	if _, err := p.Rule("pregnancy"); err == nil {
		t.Errorf("Policy{} has a pregnancy rule")
	}
	// A policy with no rules would clear everyone: it is refused.
	if _, err := Screen(healthy(t), on, Options{Policy: &p}); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Screen under Policy{} = %v, want meso.ErrMissing", err)
	}
	if res, err := Screen(healthy(t), on, Options{}); err != nil || res.Verdict != Cleared || res.Policy != DefaultPolicyName {
		t.Errorf("Screen with Options{} = %v, %v; want cleared under the default policy", res, err)
	}
	// Rules, matches, medications, findings: a zero one is refused where
	// it is given.
	if _, err := NewPolicy("zero", []Rule{{}}); err == nil {
		t.Errorf("NewPolicy with a Rule{} accepted")
	}
	if _, err := NewPolicy("zero", []Rule{{ID: "x", Name: "x", Match: Match{}, Severity: Absolute, Sources: []string{"s"}}}); err == nil {
		t.Errorf("NewPolicy with a Match{} that matches nothing accepted")
	}
	withMed := healthy(t)
	withMed.Medications = []Medication{{}}
	if err := withMed.Check(); err == nil {
		t.Errorf("an intake with a Medication{} accepted")
	}
	// A result: the zero Result is cleared with no policy, which Check
	// refuses; a zero Finding in a result too.
	if err := (Result{}).Check(); err == nil {
		t.Errorf("Result{}.Check() accepted")
	}
	if err := (Result{Verdict: Caution, Policy: "meso-default", Findings: []Finding{{}}}).Check(); err == nil {
		t.Errorf("a Result with a Finding{} accepted")
	}
	// A DateVerdict{} has no verdict to write: refused.
	if _, err := json.Marshal(DateVerdict{}); err == nil {
		t.Errorf("json.Marshal(DateVerdict{}) wrote a verdict that is none")
	}
	// Enumerations: zero values without a name refuse to be written.
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{Verdict(0), Severity(0), Condition(0), MedicationClass(0), Reaction(0), AllergyMatch(0)} {
		if _, err := v.MarshalText(); err == nil && v.String() == "" {
			t.Errorf("%T(0) writes an empty name", v)
		}
	}
	var fe meso.FieldError
	if fe.Error() == "" || errors.Unwrap(&fe) != nil {
		t.Errorf("meso.FieldError{}: %q", fe.Error())
	}
}

func healthy(t *testing.T) Intake {
	t.Helper()
	in, err := DecodeIntake(strings.NewReader(`{"birth_date": "1984-06-02", "sex": "female", "pregnant": false, "lactating": false,
	  "menstruation": [], "conditions": [], "medications": [], "allergies": [], "prior_reactions": [], "indications": []}`))
	if err != nil {
		t.Fatal(err)
	}
	return in
}
