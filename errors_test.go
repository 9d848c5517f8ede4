package meso_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

// A FieldError's message names the field, the entry and the value (cut
// short, at a character) and says what is wrong and what is wanted, with no
// package prefix; the error keeps the whole value.
func TestFieldErrorMessage(t *testing.T) {
	long := strings.Repeat("é", 100)
	for _, tc := range []struct {
		err  meso.FieldError
		want string
	}{
		{meso.FieldError{Field: "restrictions[2].duration", Value: "-1h", Err: meso.ErrInvalid}, `restrictions[2].duration = "-1h": invalid`},
		{meso.FieldError{Field: "name", Err: meso.ErrMissing}, "name: missing"},
		{meso.FieldError{Field: "name", Value: "x"}, `name = "x": invalid`},
		{meso.FieldError{Field: "name"}, "name: invalid"},
		{meso.FieldError{}, "invalid"},
		{meso.FieldError{Err: meso.ErrTooLarge}, "over a limit"},
		{meso.FieldError{Field: "sessions.max", Entry: "house-weekly", Value: "10", Err: meso.ErrInvalid}, `sessions.max (of "house-weekly") = "10": invalid`},
		{meso.FieldError{Field: "kind", Value: "x", Rule: "one of a or b", Err: meso.ErrUnknown}, `kind = "x": unknown (want one of a or b)`},
		{meso.FieldError{Field: "kind", Value: "x", Rule: "a or b", Err: errors.New("unknown kind (want a or b)")}, `kind = "x": unknown kind (want a or b)`},
		{meso.FieldError{Field: "name", Entry: "mix", Value: long, Err: meso.ErrTooLarge}, `name (of "mix") = "` + strings.Repeat("é", 40) + `"…: over a limit`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%#v.Error() = %q, want %q", tc.err, got, tc.want)
		}
		if strings.ContainsRune(tc.err.Error(), '\uFFFD') {
			t.Errorf("%q cuts the value inside a character", tc.err.Error())
		}
	}
	e := &meso.FieldError{Field: "name", Value: long, Err: meso.ErrTooLarge}
	if e.Value != long || !errors.Is(e, meso.ErrTooLarge) || errors.Unwrap(e) != meso.ErrTooLarge {
		t.Errorf("the error lost the value or its sentinel")
	}
}

func TestReportError(t *testing.T) {
	if _, err := json.Marshal(&meso.FieldError{Field: "x", Err: meso.ErrInvalid}); err == nil {
		t.Errorf("a FieldError marshals, losing its reason; want it refused")
	}
	if diff := cmp.Diff(meso.ErrorReport{}, meso.ReportError(nil)); diff != "" {
		t.Errorf("ReportError(nil) (-want +got):\n%s", diff)
	}
	plain := errors.New("disk full")
	if diff := cmp.Diff(meso.ErrorReport{Message: "disk full"}, meso.ReportError(plain)); diff != "" {
		t.Errorf("ReportError(plain) (-want +got):\n%s", diff)
	}
	// An enumeration's error says the names it accepts: they are the rule.
	_, err := screening.DecodeIntake(strings.NewReader(`{"birth_date": "1990-01-01", "sex": "f"}`))
	got := meso.ReportError(err)
	if got.Field != "sex" || got.Value != "f" || !strings.Contains(got.Rule, "female") || got.Message != err.Error() {
		t.Errorf("ReportError(%v) = %+v; want field sex, value f, the valid sexes and the message", err, got)
	}
	// A lookup's error lists the ids.
	_, err = formulary.Default().Preparation("x")
	if got := meso.ReportError(err); got.Field != "preparation" || got.Value != "x" || !strings.Contains(got.Rule, "mesopecia") {
		t.Errorf("ReportError(%v) = %+v; want the preparation ids as the rule", err, got)
	}
}

// Every lookup by id of the leaf packages, given an id that does not exist,
// returns an error that wraps meso.ErrUnknown, is a *meso.FieldError, and
// names the id and at least one valid id.
func TestLookupsNameTheValidIDs(t *testing.T) {
	cat := formulary.Default()
	screen := screening.DefaultPolicy()
	after := aftercare.DefaultPolicy()
	session := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, id, valid string
		err             error
	}{
		{"Catalog.Preparation", "mesopecia-forte", "mesopecia", second(cat.Preparation("mesopecia-forte"))},
		{"Catalog.Ingredient", "biotine", "biotin", second(cat.Ingredient("biotine"))},
		{"Catalog.Group", "b-vitamin", "b-vitamins", second(cat.Group("b-vitamin"))},
		{"Catalog.Method", "needles", "microneedling", second(cat.Method("needles"))},
		{"Catalog.Technique", "papulae", "papular", second(cat.Technique("papulae"))},
		{"Catalog.Resolve", "peanuts", "b-vitamins", second(cat.Resolve("peanuts"))},
		{"Catalog.CheckAllergies preparation", "x-mix", "mesopecia", second(cat.CheckAllergies("x-mix", nil, nil))},
		{"Catalog.CheckAllergies allergy", "peanuts", "b-vitamins", second(cat.CheckAllergies("mesopecia", []string{"peanuts"}, nil))},
		{"Catalog.CheckAllergies added", "lidocaine", "vitamin-a", second(cat.CheckAllergies("mesopecia", nil, []string{"lidocaine"}))},
		{"screening.Policy.Rule", "pregnant", "pregnancy", second(screen.Rule("pregnant"))},
		{"aftercare.Policy.Restriction", "Activity(99)", "wash-hair", second(after.Restriction(99))},
		{"aftercare.Policy.Lead", "no-alcohol", "stop-anticoagulants", second(after.Lead("no-alcohol"))},
		{"aftercare.Policy.Step", "wash", "stop-anticoagulants", second(after.Step("wash", session))},
		{"aftercare.ParseActivity", "washing", "wash-hair", second(aftercare.ParseActivity("washing"))},
		{"schedule.Lookup", "weekely", "weekly", second(schedule.Lookup("weekely"))},
		{"clinic.ParseWeekdays", "funday", "mon", second(clinic.ParseWeekdays("mon,funday"))},
		{"event.NewChecklist", "disinfect", "antiseptic-before", second(event.NewChecklist([]string{"disinfect"}))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fe *meso.FieldError
			switch {
			case !errors.Is(tc.err, meso.ErrUnknown):
				t.Fatalf("error %v does not wrap meso.ErrUnknown", tc.err)
			case !strings.HasPrefix(tc.name, "aftercare.Parse") && !strings.HasPrefix(tc.name, "clinic.Parse") && !strings.HasPrefix(tc.name, "event.New") && !errors.As(tc.err, &fe):
				t.Fatalf("error %v is not a *meso.FieldError", tc.err)
			case !strings.Contains(tc.err.Error(), `"`+tc.id+`"`):
				t.Errorf("error %q does not name the id %q", tc.err, tc.id)
			case !strings.Contains(tc.err.Error(), tc.valid):
				t.Errorf("error %q does not list the valid id %q", tc.err, tc.valid)
			case strings.HasPrefix(tc.err.Error(), "formulary:") || strings.HasPrefix(tc.err.Error(), "screening:") || strings.HasPrefix(tc.err.Error(), "aftercare:"):
				t.Errorf("error %q starts with a package prefix", tc.err)
			}
		})
	}
}

// A long list of valid ids is cut: the first 20 and how many more.
func TestLookupListIsCut(t *testing.T) {
	_, err := formulary.Default().Ingredient("unobtainium")
	msg := err.Error()
	if !strings.Contains(msg, "… and ") || strings.Count(msg, ", ") > 21 {
		t.Errorf("error %q: want at most 20 ids and how many more", msg)
	}
}

func second[T any](_ T, err error) error { return err }

// The errors of every package match the same sentinels: an intake's, a
// catalog's, a policy's, a record's, a log's and a protocol's.
func TestErrorsIsAcrossPackages(t *testing.T) {
	decoders := []struct {
		name string
		read func(io.Reader) error
	}{
		{"screening.DecodeIntake", func(r io.Reader) error { _, err := screening.DecodeIntake(r); return err }},
		{"screening.LoadPolicy", func(r io.Reader) error { _, err := screening.LoadPolicy(r); return err }},
		{"formulary.Load", func(r io.Reader) error { _, err := formulary.Load(r); return err }},
		{"aftercare.LoadPolicy", func(r io.Reader) error { _, err := aftercare.LoadPolicy(r); return err }},
		{"fhir.Read", func(r io.Reader) error { _, err := fhir.Read(r); return err }},
		{"event.DecodeLog", func(r io.Reader) error { _, err := event.DecodeLog(r); return err }},
		{"schedule.Load", func(r io.Reader) error { _, err := schedule.Load(r); return err }},
	}
	for _, d := range decoders {
		for _, tc := range []struct {
			name, doc string
			want      error
		}{
			{"malformed", `{"x": `, meso.ErrInvalid},
			{"trailing data", `{} {}`, meso.ErrInvalid},
			{"not an object", `[1, 2]`, meso.ErrInvalid},
		} {
			err := d.read(strings.NewReader(tc.doc))
			var fe *meso.FieldError
			if !errors.Is(err, tc.want) || !errors.As(err, &fe) {
				t.Errorf("%s of a document %s: %v; want a *meso.FieldError wrapping %v", d.name, tc.name, err, tc.want)
			}
		}
	}
	// An unknown value in an intake and an unknown entry in a catalog are
	// both meso.ErrUnknown, and so is a course's unknown enumeration.
	_, intakeErr := screening.DecodeIntake(strings.NewReader(`{"birth_date": "1990-01-01", "sex": "female", "pregnant": false, "lactating": false, "conditions": ["no-such-condition"]}`))
	_, catalogErr := formulary.Default().Preparation("no-such-preparation")
	var state course.State
	courseErr := state.UnmarshalText([]byte("finished"))
	for name, err := range map[string]error{"intake": intakeErr, "catalog": catalogErr, "course": courseErr} {
		if !errors.Is(err, meso.ErrUnknown) {
			t.Errorf("the %s error %v does not match meso.ErrUnknown", name, err)
		}
	}
	// A date that does not exist is meso.ErrInvalid, from the root package or
	// in a document.
	_, dateErr := meso.ParseDate("2027-02-29")
	_, intakeDateErr := screening.DecodeIntake(strings.NewReader(`{"birth_date": "1990-02-30", "sex": "female"}`))
	if !errors.Is(dateErr, meso.ErrInvalid) || !errors.Is(intakeDateErr, meso.ErrInvalid) {
		t.Errorf("impossible dates: %v and %v; want both meso.ErrInvalid", dateErr, intakeDateErr)
	}
}

// The two default policies mean the same thing (the strictest value any
// source states) and are named alike.
func TestDefaultPoliciesNamedAlike(t *testing.T) {
	s, a := screening.DefaultPolicy().Name(), aftercare.DefaultPolicy().Name()
	if s != a || s != screening.DefaultPolicyName || a != aftercare.DefaultPolicyName {
		t.Errorf("screening's default policy is %q, aftercare's %q; want one name", s, a)
	}
}
