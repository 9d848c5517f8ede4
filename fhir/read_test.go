package fhir_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/screening"
)

// A Bundle that is not one is an error naming the entry and element.
func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		path      string
		sentinel  error
	}{
		{"not a bundle", `{"resourceType": "Patient"}`, "resourceType", meso.ErrInvalid},
		{"not JSON", `{"resourceType": "Bundle",`, "resourceType", meso.ErrInvalid},
		{"key twice", `{"resourceType": "Bundle", "resourceType": "Bundle"}`, "resourceType", meso.ErrInvalid},
		{"no patient", bundle(pregnancy("LA26683-5")), "entry", meso.ErrMissing},
		{"two patients", bundle(patient("female", "1990-01-01"), patient("male", "1980-01-01")), "entry[1].resource", meso.ErrInvalid},
		{"partial birth date", bundle(patient("female", "1990")), "entry[0].resource.birthDate", meso.ErrInvalid},
		{"impossible birth date", bundle(patient("female", "1990-02-30")), "entry[0].resource.birthDate", meso.ErrInvalid},
		{"no birth date", bundle(`{"resourceType": "Patient", "id": "p"}`), "entry[0].resource.birthDate", meso.ErrMissing},
		{"bad gender", bundle(patient("f", "1990-01-01")), "entry[0].resource.gender", meso.ErrInvalid},
		{"birth date a number", bundle(`{"resourceType": "Patient", "birthDate": 1990}`), "entry[0].resource.birthDate", meso.ErrInvalid},
		{"unknown element in a coding", bundle(patient("female", "1990-01-01"),
			`{"resourceType": "Condition", "subject": {"reference": "Patient/p"}, "code": {"coding": [{"system": "x", "cod": "y"}]}}`),
			"entry[1].resource.code.coding[0].cod", meso.ErrInvalid},
		{"folded key in a coding", bundle(patient("female", "1990-01-01"),
			`{"resourceType": "Condition", "subject": {"reference": "Patient/p"}, "code": {"coding": [{"System": "x"}]}}`),
			"entry[1].resource.code.coding[0].System", meso.ErrInvalid},
		{"another patient's condition", bundle(patient("female", "1990-01-01"),
			`{"resourceType": "Condition", "subject": {"reference": "Patient/q"}}`),
			"entry[1].resource.subject.reference", meso.ErrInvalid},
		{"condition of nobody", bundle(patient("female", "1990-01-01"), `{"resourceType": "Condition"}`),
			"entry[1].resource.subject", meso.ErrMissing},
		{"bad clinical status", bundle(patient("female", "1990-01-01"), condition("current", coding(fhir.ICD10, "E11"))),
			"entry[1].resource.clinicalStatus", meso.ErrInvalid},
		{"modifier extension", bundle(patient("female", "1990-01-01"),
			`{"resourceType": "Condition", "modifierExtension": [{"url": "x"}], "subject": {"reference": "Patient/p"}}`),
			"entry[1].resource.modifierExtension", meso.ErrInvalid},
		{"statement without status", bundle(patient("female", "1990-01-01"), statement("", coding(fhir.ATC, "H02AB09"))),
			"entry[1].resource.status", meso.ErrMissing},
		{"request status of a statement", bundle(patient("female", "1990-01-01"), statement("cancelled", coding(fhir.ATC, "H02AB09"))),
			"entry[1].resource.status", meso.ErrInvalid},
		{"medicine nowhere", bundle(patient("female", "1990-01-01"),
			`{"resourceType": "MedicationRequest", "status": "active", "subject": {"reference": "Patient/p"}, "medicationReference": {"reference": "Medication/m"}}`),
			"entry[1].resource.medicationReference.reference", meso.ErrInvalid},
		{"bad last dose", bundle(patient("female", "1990-01-01"),
			`{"resourceType": "MedicationStatement", "status": "completed", "subject": {"reference": "Patient/p"},
			  "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "H02AB09"}]}, "effectiveDateTime": "2027-01-01T25:00:00Z"}`),
			"entry[1].resource.effectiveDateTime", meso.ErrInvalid},
		{"unknown meso condition", bundle(patient("female", "1990-01-01"), condition("active", coding(fhir.ConditionSystem, "flu"))),
			"entry[1].resource.code.coding[0].code", meso.ErrInvalid},
		{"a fullUrl twice", `{"resourceType": "Bundle", "entry": [{"fullUrl": "urn:uuid:a", "resource": {"resourceType": "Patient", "birthDate": "1990-01-01"}},
			{"fullUrl": "urn:uuid:a", "resource": {"resourceType": "Basic"}}]}`, "entry[1].fullUrl", meso.ErrInvalid},
		{"a patient without id named by id", bundle(`{"resourceType": "Patient", "birthDate": "1990-01-01"}`,
			`{"resourceType": "Condition", "subject": {"reference": "Patient/"}}`), "entry[1].resource.subject.reference", meso.ErrInvalid},
		{"entry without resource", `{"resourceType": "Bundle", "entry": [{"fullUrl": "urn:uuid:x"}]}`, "entry[0].resource", meso.ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fhir.Read(strings.NewReader(tt.doc))
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Read = %v, want a *meso.FieldError", err)
			}
			if fe.Field != tt.path || !errors.Is(err, tt.sentinel) {
				t.Errorf("Read = %v (path %q), want path %q wrapping %v", err, fe.Field, tt.path, tt.sentinel)
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	doc := `{"resourceType": "Bundle", "id": "` + strings.Repeat("x", fhir.MaxBundleBytes) + `"}`
	if _, err := fhir.Read(strings.NewReader(doc)); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("Read = %v, want meso.ErrTooLarge", err)
	}
	var rs []string
	rs = append(rs, patient("male", "1980-01-01"))
	for len(rs) <= fhir.MaxEntries {
		rs = append(rs, `{"resourceType": "Basic"}`)
	}
	if _, err := fhir.Read(strings.NewReader(bundle(rs...))); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("Read of %d entries = %v, want meso.ErrTooLarge", len(rs), err)
	}
}

type gapSummary struct {
	Kind     fhir.QuestionKind
	Entry    int
	Element  string
	Caution  bool
	Resource string
}

func summaries(gs []fhir.Question) []gapSummary {
	var out []gapSummary
	for _, g := range gs {
		out = append(out, gapSummary{g.Kind, g.Entry, g.Element, g.Caution, g.Resource})
	}
	return out
}

// Nothing assumed, nothing lost: every question left open and every
// resource or status not used is a gap, and the open ones caution.
func TestQuestions(t *testing.T) {
	male, female := patient("male", "1980-01-01"), patient("female", "1990-01-01")
	tests := []struct {
		name      string
		resources []string
		want      []gapSummary
	}{
		{"male, nothing else", []string{male}, nil},
		{"female without pregnancy or breastfeeding status", []string{female}, []gapSummary{
			{fhir.NotRecorded, -1, "Observation pregnancy status", true, ""},
			{fhir.NotRecorded, -1, "Observation breastfeeding status", true, ""},
		}},
		{"no sex stated", []string{patient("unknown", "1990-01-01"), lactation("LA29253-4")}, []gapSummary{
			{fhir.NotRecorded, -1, "Observation pregnancy status", true, ""},
		}},
		{"pregnancy unknown", []string{female, pregnancy("LA4489-6"), lactation("LA29253-4")}, []gapSummary{
			{fhir.NotRecorded, 1, "Observation pregnancy status", true, "Observation"},
		}},
		{"resolved and refuted conditions", []string{male, condition("resolved", coding(fhir.ICD10, "E11")),
			`{"resourceType": "Condition", "id": "c", "subject": {"reference": "Patient/p"},
			  "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "refuted"}]},
			  "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]}}`},
			[]gapSummary{
				{fhir.Ignored, 1, "clinicalStatus", false, "Condition"},
				{fhir.Ignored, 2, "verificationStatus", false, "Condition/c"},
			}},
		{"condition without clinical status", []string{male, condition("", coding(fhir.ICD10, "E11"))}, []gapSummary{
			{fhir.NotRecorded, 1, "clinicalStatus", true, "Condition"},
		}},
		{"active condition without a code", []string{male, condition("active")}, []gapSummary{
			{fhir.NotRecognised, 1, "code", true, "Condition"},
		}},
		{"stopped without a last dose", []string{male, statement("stopped", coding(fhir.ATC, "H02AB09"))}, []gapSummary{
			{fhir.NotRecorded, 1, "effective[x]", true, "MedicationStatement"},
		}},
		{"entered in error", []string{male, statement("entered-in-error", coding(fhir.ATC, "H02AB09"))}, []gapSummary{
			{fhir.Ignored, 1, "status", false, "MedicationStatement"},
		}},
		{"unknown status", []string{male, statement("unknown", coding(fhir.ATC, "H02AB09"))}, []gapSummary{
			{fhir.NotRecorded, 1, "status", true, "MedicationStatement"},
		}},
		{"a type meso does not read", []string{male, `{"resourceType": "Encounter", "id": "e"}`}, []gapSummary{
			{fhir.Ignored, 1, "", false, "Encounter/e"},
		}},
		{"an observation meso does not read", []string{male, observation(coding(fhir.LOINC, "8302-2"), coding(fhir.LOINC, "x"))}, []gapSummary{
			{fhir.Ignored, 1, "", false, "Observation"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := read(t, tt.resources...)
			if diff := cmp.Diff(tt.want, summaries(rec.Questions)); diff != "" {
				t.Errorf("gaps (-want +got):\n%s\n%v", diff, rec.Questions)
			}
		})
	}
}

// What the record says reaches the intake: a stopped medicine's last dose,
// a medicine named by reference, pregnancy as a condition, a menstruation.
func TestReadIntake(t *testing.T) {
	rec := read(t, patient("female", "1990-04-12"), pregnancy("LA26683-5"), lactation("LA29252-6"),
		condition("active", coding(fhir.SNOMED, "77386006")),
		`{"resourceType": "MedicationStatement", "status": "completed", "subject": {"reference": "Patient/p"},
		  "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "B01AA03"}]},
		  "effectiveDateTime": "2027-01-01T20:30:00-05:00"}`,
		`{"resourceType": "Medication", "id": "m", "code": {"coding": [{"system": "http://www.whocc.no/atc", "code": "H02AB09"}]}}`,
		`{"resourceType": "MedicationRequest", "status": "active", "subject": {"reference": "Patient/p"}, "medicationReference": {"reference": "Medication/m"}}`,
		`{"resourceType": "Observation", "status": "final", "subject": {"reference": "Patient/p"},
		  "code": {"coding": [{"system": "`+fhir.ObservationSystem+`", "code": "menstruation"}]},
		  "effectivePeriod": {"start": "2027-01-08", "end": "2027-01-12"}}`)
	d := func(s string) meso.Date { return daytest.Date(t, s) }
	want := screening.Intake{
		BirthDate: d("1990-04-12"), Sex: 1, Pregnant: true, Lactating: true,
		Menstruation: []meso.DateRange{{From: d("2027-01-08"), To: d("2027-01-12")}},
		Medications:  []screening.Medication{{Class: screening.Anticoagulant, LastDose: d("2027-01-01")}, {Class: screening.Corticosteroid}},
	}
	want.Sex = rec.Intake.Sex // checked below
	if rec.Intake.Sex.String() != "female" {
		t.Errorf("sex %v, want female", rec.Intake.Sex)
	}
	if diff := cmp.Diff(want, rec.Intake, dateEq); diff != "" {
		t.Errorf("intake (-want +got):\n%s", diff)
	}
	if len(rec.Questions) != 0 {
		t.Errorf("gaps %v, want none", rec.Questions)
	}
}

// A cleared screening with a cautioning gap is a caution; a worse verdict
// stays as it is.
func TestScreenRaisesToCaution(t *testing.T) {
	on := daytest.Date(t, "2027-01-10")
	r, err := fhir.Screen(strings.NewReader(bundle(patient("female", "1990-01-01"))), on, screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Screening.Verdict != screening.Cleared || r.Verdict != screening.Caution || len(r.Cautions()) != 2 {
		t.Errorf("verdict %v (screening %v), %d cautions; want caution over cleared, 2", r.Verdict, r.Screening.Verdict, len(r.Cautions()))
	}
	r, err = fhir.Screen(strings.NewReader(bundle(patient("female", "1990-01-01"), condition("active", coding(fhir.ICD10, "E11.9")))), on, screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != screening.Refused {
		t.Errorf("verdict %v, want refused", r.Verdict)
	}
}
