package screening

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/formulary"
)

// sampleJSON is the intake of the issue, which the rejection cases below
// break one field at a time.
const sampleJSON = `{
  "birth_date": "1990-04-12",
  "sex": "female",
  "pregnant": false,
  "lactating": false,
  "menstruation": [{"from": "2027-01-08", "to": "2027-01-12"}],
  "conditions": ["diabetes"],
  "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}],
  "allergies": ["procaine", "b-vitamins"],
  "prior_reactions": ["hair-dye"],
  "indications": ["diffuse-alopecia"]
}`

func TestDecodeSample(t *testing.T) {
	got, err := DecodeIntake(strings.NewReader(sampleJSON))
	if err != nil {
		t.Fatal(err)
	}
	want := Intake{
		BirthDate:      mustDate("1990-04-12"),
		Sex:            formulary.Female,
		Menstruation:   []meso.DateRange{{From: mustDate("2027-01-08"), To: mustDate("2027-01-12")}},
		Conditions:     []Condition{Diabetes},
		Medications:    []Medication{{Class: Anticoagulant, LastDose: mustDate("2027-01-01")}},
		Allergies:      []string{"procaine", "b-vitamins"},
		PriorReactions: []Reaction{DyeReaction},
		Indications:    []formulary.Indication{formulary.DiffuseAlopecia},
	}
	if diff := cmp.Diff(want, got, dateEq); diff != "" {
		t.Errorf("DecodeIntake mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeIntakeRejects(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		field, value   string
		want           error
	}{
		{"unknown field", `"sex": "female",`, `"sex": "female", "weight": 60,`, "weight", "", meso.ErrUnknown},
		{"unknown nested field", `"last_dose": "2027-01-01"`, `"last_dose": "2027-01-01", "dose_mg": 5`, "medications[0].dose_mg", "", meso.ErrUnknown},
		{"duplicate key", `"pregnant": false,`, `"pregnant": false, "pregnant": true,`, "pregnant", "", meso.ErrDuplicate},
		{"missing birth date", `"birth_date": "1990-04-12",`, ``, "birth_date", "", meso.ErrMissing},
		{"impossible birth date", `"1990-04-12"`, `"1990-02-30"`, "birth_date", "1990-02-30", meso.ErrInvalid},
		{"date with a time", `"1990-04-12"`, `"1990-04-12T10:00:00Z"`, "birth_date", "1990-04-12T10:00:00Z", meso.ErrInvalid},
		{"unknown sex", `"female"`, `"f"`, "sex", "f", meso.ErrUnknown},
		{"pregnancy not answered", `"pregnant": false,`, ``, "pregnant", "", meso.ErrMissing},
		{"pregnancy null", `"pregnant": false,`, `"pregnant": null,`, "pregnant", "", meso.ErrMissing},
		{"lactation not answered", `"lactating": false,`, ``, "lactating", "", meso.ErrMissing},
		{"pregnancy as text", `"pregnant": false`, `"pregnant": "no"`, "pregnant", "", meso.ErrInvalid},
		{"to before from", `"to": "2027-01-12"`, `"to": "2027-01-07"`, "menstruation[0].to", "2027-01-07", meso.ErrInvalid},
		{"range without to", `, "to": "2027-01-12"`, ``, "menstruation[0].to", "", meso.ErrMissing},
		{"impossible range date", `"from": "2027-01-08"`, `"from": "2027-13-08"`, "menstruation[0].from", "2027-13-08", meso.ErrInvalid},
		{"range twice", `{"from": "2027-01-08", "to": "2027-01-12"}`, `{"from": "2027-01-08", "to": "2027-01-12"}, {"from": "2027-01-08", "to": "2027-01-12"}`,
			"menstruation[1]", "2027-01-08..2027-01-12", meso.ErrDuplicate},
		{"unknown condition", `["diabetes"]`, `["diabetes", "flu"]`, "conditions[1]", "flu", meso.ErrUnknown},
		{"condition twice", `["diabetes"]`, `["diabetes", "diabetes"]`, "conditions[1]", "diabetes", meso.ErrDuplicate},
		{"unknown medication class", `"class": "anticoagulant"`, `"class": "warfarin"`, "medications[0].class", "warfarin", meso.ErrUnknown},
		{"medication without class", `"class": "anticoagulant", `, ``, "medications[0].class", "", meso.ErrMissing},
		{"impossible last dose", `"last_dose": "2027-01-01"`, `"last_dose": "2027-02-29"`, "medications[0].last_dose", "2027-02-29", meso.ErrInvalid},
		{"allergy not an id", `"procaine"`, `"Procaine"`, "allergies[0]", "Procaine", meso.ErrInvalid},
		{"allergy twice", `["procaine", "b-vitamins"]`, `["procaine", "procaine"]`, "allergies[1]", "procaine", meso.ErrDuplicate},
		{"unknown prior reaction", `["hair-dye"]`, `["pollen"]`, "prior_reactions[0]", "pollen", meso.ErrUnknown},
		{"unknown indication", `["diffuse-alopecia"]`, `["baldness"]`, "indications[0]", "baldness", meso.ErrUnknown},
		{"trailing data", `"indications": ["diffuse-alopecia"]
}`, `"indications": ["diffuse-alopecia"]
} {}`, "document", "", meso.ErrInvalid},
		{"not an object", sampleJSON, `[]`, "document", "", meso.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(sampleJSON, tc.old, tc.new, 1)
			if in == sampleJSON {
				t.Fatalf("test case changes nothing: %q not in the sample", tc.old)
			}
			_, err := DecodeIntake(strings.NewReader(in))
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("DecodeIntake error = %v, want a *meso.FieldError", err)
			}
			if fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, tc.want) {
				t.Errorf("error %q: field %q, value %q; want field %q, value %q, wrapping %v", err, fe.Field, fe.Value, tc.field, tc.value, tc.want)
			}
			if !strings.Contains(err.Error(), tc.field) || !strings.Contains(err.Error(), tc.value) {
				t.Errorf("message %q does not name the field %q and value %q", err, tc.field, tc.value)
			}
		})
	}
}

func TestIntakeLimits(t *testing.T) {
	big := strings.Repeat(" ", MaxIntakeBytes+1)
	if _, err := DecodeIntake(strings.NewReader(big)); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("input over MaxIntakeBytes: error %v, want meso.ErrTooLarge", err)
	}
	many := `["herpes"` + strings.Repeat(`, "herpes"`, MaxListLen) + `]`
	_, err := DecodeIntake(strings.NewReader(strings.Replace(sampleJSON, `["diabetes"]`, many, 1)))
	var fe *meso.FieldError
	if !errors.As(err, &fe) || fe.Field != "conditions" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("more than MaxListLen conditions: error %v, want meso.ErrTooLarge on conditions", err)
	}
	in := clean()
	in.Allergies = make([]string, MaxListLen+1)
	if err := in.Check(); !errors.As(err, &fe) || fe.Field != "allergies" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("Check with more than MaxListLen allergies: %v", err)
	}
}

// Check catches what a Go caller can build but JSON cannot carry.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Intake)
		field  string
		want   error
	}{
		{"no birth date", func(in *Intake) { in.BirthDate = meso.Date{} }, "birth_date", meso.ErrMissing},
		{"invalid sex", func(in *Intake) { in.Sex = 7 }, "sex", meso.ErrUnknown},
		{"zero condition", func(in *Intake) { in.Conditions = []Condition{0} }, "conditions[0]", meso.ErrUnknown},
		{"condition out of range", func(in *Intake) { in.Conditions = []Condition{Herpes, 200} }, "conditions[1]", meso.ErrUnknown},
		{"zero medication class", func(in *Intake) { in.Medications = []Medication{{}} }, "medications[0].class", meso.ErrUnknown},
		{"medication twice", func(in *Intake) { in.Medications = []Medication{{Class: Aspirin}, {Class: Aspirin}} }, "medications[1]", meso.ErrDuplicate},
		{"range without from", func(in *Intake) { in.Menstruation = []meso.DateRange{{To: screeningDay}} }, "menstruation[0].from", meso.ErrMissing},
		{"empty allergy", func(in *Intake) { in.Allergies = []string{""} }, "allergies[0]", meso.ErrMissing},
		{"zero reaction", func(in *Intake) { in.PriorReactions = []Reaction{0} }, "prior_reactions[0]", meso.ErrUnknown},
		{"zero indication", func(in *Intake) { in.Indications = []formulary.Indication{0} }, "indications[0]", meso.ErrUnknown},
	} {
		in := clean()
		tc.change(&in)
		err := in.Check()
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("%s: Check() = %v, want %v at %s", tc.name, err, tc.want, tc.field)
		}
		if _, err := Screen(in, screeningDay, Options{}); err == nil {
			t.Errorf("%s: Screen accepted an intake Check rejects", tc.name)
		}
		if _, err := in.MarshalJSON(); err == nil {
			t.Errorf("%s: MarshalJSON accepted an intake Check rejects", tc.name)
		}
	}
	// Two anticoagulants with different last doses are two medications.
	in := clean()
	in.Medications = []Medication{{Class: Anticoagulant}, {Class: Anticoagulant, LastDose: screeningDay}}
	if err := in.Check(); err != nil {
		t.Errorf("two anticoagulants: %v", err)
	}
}

// Errors of a screening call name the field and value.
func TestScreenErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Intake)
		on     meso.Date
		opts   Options
		field  string
		value  string
		want   error
	}{
		{"birth date after the screening date", func(in *Intake) { in.BirthDate = mustDate("2027-01-11") }, screeningDay, Options{},
			"birth_date", "2027-01-11", meso.ErrInvalid},
		{"no date", func(*Intake) {}, meso.Date{}, Options{}, "date", "", meso.ErrMissing},
		{"unknown preparation", func(*Intake) {}, screeningDay, Options{Preparation: "no-such-mix"}, "preparation", "no-such-mix", meso.ErrUnknown},
		{"unknown allergy, with a preparation", func(in *Intake) { in.Allergies = []string{"procaine", "peanuts"} }, screeningDay,
			Options{Preparation: "mesopecia"}, "allergies[1]", "peanuts", meso.ErrUnknown},
		{"unknown allergy, without one", func(in *Intake) { in.Allergies = []string{"peanuts"} }, screeningDay, Options{}, "allergies[0]", "peanuts", meso.ErrUnknown},
		{"unknown added ingredient", func(*Intake) {}, screeningDay, Options{Preparation: "mesopecia", Added: []string{"lidocaine"}}, "added[0]", "lidocaine", meso.ErrUnknown},
		{"added without a preparation", func(*Intake) {}, screeningDay, Options{Added: []string{"procaine"}}, "added", "procaine", meso.ErrInvalid},
	} {
		in := clean()
		tc.change(&in)
		_, err := Screen(in, tc.on, tc.opts)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v; want %v at %s = %q", tc.name, err, tc.want, tc.field, tc.value)
		}
	}
	s, err := NewScreener(clean(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var fe *meso.FieldError
	if _, err := s.Verdicts([]meso.Date{screeningDay, mustDate("1990-04-11")}); !errors.As(err, &fe) || fe.Field != "dates[1]" || fe.Value != "1990-04-11" {
		t.Errorf("Verdicts with a date before birth: %v", err)
	}
	if _, err := s.Verdicts(make([]meso.Date, MaxDates+1)); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("Verdicts over MaxDates: %v", err)
	}
	// Born on the screening date: age 0, refused, not an error.
	in := clean()
	in.BirthDate = screeningDay
	if r, err := Screen(in, screeningDay, Options{}); err != nil || r.Verdict != Refused {
		t.Errorf("born on the screening date: %v, %v; want refused", r, err)
	}
}

func TestFieldErrorMessage(t *testing.T) {
	_, err2 := DecodeIntake(strings.NewReader(strings.Replace(sampleJSON, `"2027-01-01"`, `"2027-01-32"`, 1)))
	if got, want := err2.Error(), `medications[0].last_dose = "2027-01-32": invalid: not a day written YYYY-MM-DD`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

// The JSON an intake is written as is the form the issue gives.
func TestIntakeMarshal(t *testing.T) {
	in, err := DecodeIntake(strings.NewReader(sampleJSON))
	if err != nil {
		t.Fatal(err)
	}
	data, err := in.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	// The sample has no blank inside a value, so dropping blanks compacts it.
	if got, want := string(data), strings.Join(strings.Fields(sampleJSON), ""); got != want {
		t.Errorf("MarshalJSON = %s\nwant          %s", got, want)
	}
}
