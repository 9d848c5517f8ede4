package screening

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/given"
	"github.com/mesokit/meso/internal/strictjson"
)

// Intake is what a clinic knows about a patient when it screens them: the
// facts the rules look at. Every list is of current facts at the time of the
// intake; dates say when a temporary one ends (a menstruation's last day, a
// medication's last dose). Screening takes every fact at its word: it does
// not cross-check them (a pregnancy is a pregnancy whatever the sex given).
//
// The JSON form (see DecodeIntake) uses the field names in the tags below;
// dates are written YYYY-MM-DD.
type Intake struct {
	BirthDate meso.Date     // required; the age rules count whole years from it
	Sex       formulary.Sex // may be SexUnstated
	// Pregnant and Lactating must be answered in an intake's JSON form: a
	// missing answer is an error, never read as "no".
	Pregnant  bool
	Lactating bool
	// Menstruation lists periods, past, current or expected, as ranges of
	// days. Only the ones around the screening date matter.
	Menstruation []meso.DateRange
	Conditions   []Condition
	Medications  []Medication
	// Allergies are ids the catalog's Resolve accepts: an ingredient
	// ("procaine"), a group ("b-vitamins") or a class ("anaesthetic").
	Allergies []string
	// OtherAllergies are allergies the catalog has no id for, in the
	// clinic's own words ("pollen", "latex"). No preparation can be checked
	// against them; screening names them for the clinician to assess (S1:
	// "inform about intolerances and allergies"; S4 names allergies in
	// general).
	OtherAllergies []string
	PriorReactions []Reaction
	// Indications are why the patient comes; screening carries them for the
	// caller and does not judge them.
	Indications []formulary.Indication
}

// Medication is a medicine the patient takes or has taken.
type Medication struct {
	Class MedicationClass `json:"class"`
	// LastDose is the day of the last dose; the zero Date means the patient
	// is still taking it, and is left out of the JSON form, as in an intake.
	LastDose meso.Date `json:"last_dose,omitzero"`
}

// Check reports the first thing wrong with in as a *meso.FieldError naming the
// field and value: a missing birth date, an unknown code, a range whose end is
// before its start, a code or allergy listed twice, a list over MaxListLen.
// Allergy ids are checked for their form only here; Screen also checks that
// the catalog knows them.
func (in Intake) Check() error {
	// Field paths are built only for an error: Check runs on every
	// screening.
	if in.BirthDate.IsZero() {
		return fieldErr("birth_date", "", meso.ErrMissing, "")
	}
	if in.Sex > formulary.Male {
		return &meso.FieldError{Field: "sex", Value: in.Sex.String(), Rule: "female, male or empty", Err: fmt.Errorf("%w: want female, male or empty", meso.ErrUnknown)}
	}
	for _, l := range [...]struct {
		field string
		n     int
	}{{"menstruation", len(in.Menstruation)}, {"conditions", len(in.Conditions)}, {"medications", len(in.Medications)},
		{"allergies", len(in.Allergies)}, {"other_allergies", len(in.OtherAllergies)}, {"prior_reactions", len(in.PriorReactions)},
		{"indications", len(in.Indications)}} {
		if l.n > MaxListLen {
			return fieldErr(l.field, "", meso.ErrTooLarge, "%d entries, at most %d", l.n, MaxListLen)
		}
	}
	for i, r := range in.Menstruation {
		switch {
		case r.From.IsZero():
			return fieldErr(index("menstruation", i)+".from", "", meso.ErrMissing, "")
		case r.To.IsZero():
			return fieldErr(index("menstruation", i)+".to", "", meso.ErrMissing, "")
		case r.To.Before(r.From):
			return fieldErr(index("menstruation", i)+".to", r.To.String(), meso.ErrInvalid, "before from %s", r.From)
		case r.From.Before(in.BirthDate):
			return fieldErr(index("menstruation", i)+".from", r.From.String(), meso.ErrInvalid, "before birth_date %s", in.BirthDate)
		}
		if slices.Contains(in.Menstruation[:i], r) {
			return fieldErr(index("menstruation", i), r.String(), meso.ErrDuplicate, "")
		}
	}
	if err := checkCodes("conditions", in.Conditions, conditionText); err != nil {
		return err
	}
	for i, m := range in.Medications {
		if !valid(medicationText, m.Class) {
			return unknownErr(index("medications", i)+".class", m.Class.String(), medicationText.Want())
		}
		if !m.LastDose.IsZero() && m.LastDose.Before(in.BirthDate) {
			return fieldErr(index("medications", i)+".last_dose", m.LastDose.String(), meso.ErrInvalid, "before birth_date %s", in.BirthDate)
		}
		if slices.Contains(in.Medications[:i], m) {
			return fieldErr(index("medications", i), m.Class.String()+" "+m.LastDose.String(), meso.ErrDuplicate, "")
		}
	}
	for i, a := range in.Allergies {
		if !given.Kebab(a) || len(a) > meso.MaxIDLen {
			return checkID(index("allergies", i), a)
		}
		if slices.Contains(in.Allergies[:i], a) {
			return fieldErr(index("allergies", i), a, meso.ErrDuplicate, "")
		}
	}
	for i, a := range in.OtherAllergies {
		if err := checkText(index("other_allergies", i), a, meso.MaxNameLen, true); err != nil {
			return err
		}
		if slices.Contains(in.OtherAllergies[:i], a) {
			return fieldErr(index("other_allergies", i), a, meso.ErrDuplicate, "")
		}
	}
	if err := checkCodes("prior_reactions", in.PriorReactions, reactionText); err != nil {
		return err
	}
	for i, ind := range in.Indications {
		if ind.Name() == "" {
			return fieldErr(index("indications", i), ind.String(), meso.ErrUnknown, "not an indication")
		}
		if slices.Contains(in.Indications[:i], ind) {
			return fieldErr(index("indications", i), ind.String(), meso.ErrDuplicate, "")
		}
	}
	return nil
}

// checkCodes checks a list of enumeration values: each named, each once.
func checkCodes[E ~uint8](field string, codes []E, t *enum.Table) error {
	for i, c := range codes {
		if !valid(t, c) {
			return unknownErr(index(field, i), enum.String(t, c), t.Want())
		}
		if slices.Contains(codes[:i], c) {
			return fieldErr(index(field, i), enum.String(t, c), meso.ErrDuplicate, "")
		}
	}
	return nil
}

// The JSON form of an intake. Dates and codes are read as text and checked
// here, so that an error can name the field and the value as given.
type (
	intakeJSON struct {
		BirthDate      string            `json:"birth_date"`
		Sex            string            `json:"sex,omitempty"`
		Pregnant       *bool             `json:"pregnant"`
		Lactating      *bool             `json:"lactating"`
		Menstruation   []json.RawMessage `json:"menstruation,omitempty"`
		Conditions     []string          `json:"conditions,omitempty"`
		Medications    []json.RawMessage `json:"medications,omitempty"`
		Allergies      []string          `json:"allergies,omitempty"`
		OtherAllergies []string          `json:"other_allergies,omitempty"`
		PriorReactions []string          `json:"prior_reactions,omitempty"`
		Indications    []string          `json:"indications,omitempty"`
	}
	rangeJSON struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	medicationJSON struct {
		Class    string `json:"class"`
		LastDose string `json:"last_dose,omitempty"`
	}
)

// DecodeIntake reads one intake in its JSON form:
//
//	{
//	  "birth_date": "1990-04-12",
//	  "sex": "female",
//	  "pregnant": false,
//	  "lactating": false,
//	  "menstruation": [{"from": "2027-01-08", "to": "2027-01-12"}],
//	  "conditions": ["diabetes"],
//	  "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}],
//	  "allergies": ["procaine", "b-vitamins"],
//	  "other_allergies": ["pollen"],
//	  "prior_reactions": ["hair-dye"],
//	  "indications": ["diffuse-alopecia"]
//	}
//
// birth_date, pregnant and lactating are required; the lists may be left out;
// a medication without last_dose is still being taken. Decoding is strict: an
// unknown field, a key given twice, an unknown code, a date that is not a day
// written YYYY-MM-DD, a range whose "to" is before its "from", a code listed
// twice, trailing data or input over MaxIntakeBytes is a *meso.FieldError naming
// the field and value. Nothing is guessed, corrected or dropped.
func DecodeIntake(r io.Reader) (Intake, error) {
	data, err := strictjson.ReadAll(r, MaxIntakeBytes)
	if err != nil {
		if errors.Is(err, strictjson.ErrTooLarge) {
			return Intake{}, fieldErr("intake", "", meso.ErrTooLarge, "more than %d bytes", MaxIntakeBytes)
		}
		return Intake{}, fieldErr("intake", "", meso.ErrInvalid, "%v", err)
	}
	return parseIntake(data)
}

// UnmarshalJSON reads an intake in the form DecodeIntake reads, as strictly,
// so that an intake inside a larger document is checked the same way. On
// error in is unchanged.
func (in *Intake) UnmarshalJSON(data []byte) error {
	if len(data) > MaxIntakeBytes {
		return fieldErr("intake", "", meso.ErrTooLarge, "more than %d bytes", MaxIntakeBytes)
	}
	v, err := parseIntake(data)
	if err != nil {
		return err
	}
	*in = v
	return nil
}

func parseIntake(data []byte) (Intake, error) {
	var doc intakeJSON
	if err := decode(data, &doc, ""); err != nil {
		return Intake{}, err
	}
	var in Intake
	var err error
	if doc.BirthDate == "" {
		return Intake{}, fieldErr("birth_date", "", meso.ErrMissing, "")
	}
	if in.BirthDate, err = parseDate("birth_date", doc.BirthDate); err != nil {
		return Intake{}, err
	}
	if err := in.Sex.UnmarshalText([]byte(doc.Sex)); err != nil {
		return Intake{}, &meso.FieldError{Field: "sex", Value: doc.Sex, Rule: "female, male or empty", Err: fmt.Errorf("%w: want female, male or empty", meso.ErrUnknown)}
	}
	if doc.Pregnant == nil {
		return Intake{}, fieldErr("pregnant", "", meso.ErrMissing, "every intake answers it: true or false")
	}
	if doc.Lactating == nil {
		return Intake{}, fieldErr("lactating", "", meso.ErrMissing, "every intake answers it: true or false")
	}
	in.Pregnant, in.Lactating = *doc.Pregnant, *doc.Lactating
	for _, l := range []struct {
		field string
		n     int
	}{{"menstruation", len(doc.Menstruation)}, {"conditions", len(doc.Conditions)}, {"medications", len(doc.Medications)},
		{"allergies", len(doc.Allergies)}, {"other_allergies", len(doc.OtherAllergies)}, {"prior_reactions", len(doc.PriorReactions)},
		{"indications", len(doc.Indications)}} {
		if l.n > MaxListLen {
			return Intake{}, fieldErr(l.field, "", meso.ErrTooLarge, "%d entries, at most %d", l.n, MaxListLen)
		}
	}
	for i, raw := range doc.Menstruation {
		f := index("menstruation", i)
		var rj rangeJSON
		if err := decode(raw, &rj, f); err != nil {
			return Intake{}, err
		}
		var r meso.DateRange
		if rj.From == "" {
			return Intake{}, fieldErr(f+".from", "", meso.ErrMissing, "")
		}
		if r.From, err = parseDate(f+".from", rj.From); err != nil {
			return Intake{}, err
		}
		if rj.To == "" {
			return Intake{}, fieldErr(f+".to", "", meso.ErrMissing, "")
		}
		if r.To, err = parseDate(f+".to", rj.To); err != nil {
			return Intake{}, err
		}
		in.Menstruation = append(in.Menstruation, r)
	}
	if in.Conditions, err = parseCodes[Condition]("conditions", doc.Conditions, conditionText); err != nil {
		return Intake{}, err
	}
	for i, raw := range doc.Medications {
		f := index("medications", i)
		var mj medicationJSON
		if err := decode(raw, &mj, f); err != nil {
			return Intake{}, err
		}
		var m Medication
		if c, ok := enum.Parse[MedicationClass](medicationText, mj.Class); ok && c != 0 {
			m.Class = c
		} else if mj.Class == "" {
			return Intake{}, fieldErr(f+".class", "", meso.ErrMissing, "want %s", medicationText.Want())
		} else {
			return Intake{}, unknownErr(f+".class", mj.Class, medicationText.Want())
		}
		if mj.LastDose != "" {
			if m.LastDose, err = parseDate(f+".last_dose", mj.LastDose); err != nil {
				return Intake{}, err
			}
		}
		in.Medications = append(in.Medications, m)
	}
	if len(doc.Allergies) > 0 {
		in.Allergies = slices.Clone(doc.Allergies)
	}
	if len(doc.OtherAllergies) > 0 {
		in.OtherAllergies = slices.Clone(doc.OtherAllergies)
	}
	if in.PriorReactions, err = parseCodes[Reaction]("prior_reactions", doc.PriorReactions, reactionText); err != nil {
		return Intake{}, err
	}
	for i, s := range doc.Indications {
		var ind formulary.Indication
		if err := ind.UnmarshalText([]byte(s)); err != nil {
			return Intake{}, fieldErr(index("indications", i), s, meso.ErrUnknown, "not an indication of the formulary")
		}
		in.Indications = append(in.Indications, ind)
	}
	if err := in.Check(); err != nil {
		return Intake{}, err
	}
	return in, nil
}

func parseDate(field, s string) (meso.Date, error) {
	d, err := meso.ParseDate(s)
	if err != nil {
		e := fieldErr(field, s, meso.ErrInvalid, "not a day written YYYY-MM-DD")
		e.Rule = "YYYY-MM-DD"
		return meso.Date{}, e
	}
	return d, nil
}

// parseCodes reads a list of enumeration names; the empty list is nil.
func parseCodes[E ~uint8](field string, names []string, t *enum.Table) ([]E, error) {
	var out []E
	for i, n := range names {
		v, ok := enum.Parse[E](t, n)
		if !ok || v == 0 {
			return nil, unknownErr(index(field, i), n, t.Want())
		}
		out = append(out, v)
	}
	return out, nil
}

// decode reads one JSON value strictly, turning a decoding error into a
// meso.FieldError at path ("" for the whole document).
func decode(data []byte, v any, path string) error {
	err := strictjson.Decode(data, v)
	if err == nil {
		return nil
	}
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return fieldErr(orWhole(path), "", meso.ErrInvalid, "%v", err)
	}
	field := path
	if se.Path != "" {
		if field != "" {
			field += "."
		}
		field += se.Path
	}
	field = orWhole(field)
	return &meso.FieldError{Field: field, Err: strictjson.Reason(se.Err)}
}

func orWhole(path string) string {
	if path == "" {
		return "document"
	}
	return path
}

// MarshalJSON writes in in the form DecodeIntake reads; empty lists and the
// last dose of a medication still taken are left out. DecodeIntake of the
// result is equal to in. An invalid intake (see Check) is an error.
func (in Intake) MarshalJSON() ([]byte, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	doc := intakeJSON{
		BirthDate: in.BirthDate.String(),
		Sex:       in.Sex.String(),
		Pregnant:  &in.Pregnant,
		Lactating: &in.Lactating,
		Allergies: in.Allergies,
		// Other allergies are written as given: Check has refused an
		// empty or over-long one.
		OtherAllergies: in.OtherAllergies,
	}
	for _, r := range in.Menstruation {
		raw, _ := json.Marshal(rangeJSON{From: r.From.String(), To: r.To.String()})
		doc.Menstruation = append(doc.Menstruation, raw)
	}
	for _, c := range in.Conditions {
		doc.Conditions = append(doc.Conditions, c.String())
	}
	for _, m := range in.Medications {
		raw, _ := json.Marshal(medicationJSON{Class: m.Class.String(), LastDose: m.LastDose.String()})
		doc.Medications = append(doc.Medications, raw)
	}
	for _, r := range in.PriorReactions {
		doc.PriorReactions = append(doc.PriorReactions, r.String())
	}
	for _, ind := range in.Indications {
		doc.Indications = append(doc.Indications, ind.String())
	}
	return strictjson.Marshal(doc)
}
