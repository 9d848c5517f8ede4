package fhir_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/screening"
)

// Each row of the table against its code system's code and display, as
// they were checked (the source each row names).
func TestCodeTableRows(t *testing.T) {
	type row struct {
		System, Code, Display string
		Meaning               fhir.Meaning
		Term                  string
	}
	want := []row{
		{fhir.ICD10, "C00-D48", "Neoplasms", fhir.MeansCondition, "tumour"},
		{fhir.ICD10, "D65-D69", "Coagulation defects, purpura and other haemorrhagic conditions", fhir.MeansCondition, "coagulation-disorder"},
		{fhir.ICD10, "E10-E14", "Diabetes mellitus", fhir.MeansCondition, "diabetes"},
		{fhir.ICD10, "B00", "Herpesviral [herpes simplex] infections", fhir.MeansCondition, "herpes"},
		{fhir.ICD10, "F00-F99", "Mental and behavioural disorders", fhir.MeansCondition, "mental-disorder"},
		{fhir.ICD10, "O00-O99", "Pregnancy, childbirth and the puerperium", fhir.MeansPregnant, ""},
		{fhir.ICD10, "Z33", "Pregnant state, incidental", fhir.MeansPregnant, ""},
		{fhir.SNOMED, "77386006", "Pregnant", fhir.MeansPregnant, ""},
		{fhir.ATC, "B01A", "ANTITHROMBOTIC AGENTS", fhir.MeansMedication, "anticoagulant"},
		{fhir.ATC, "H02", "CORTICOSTEROIDS FOR SYSTEMIC USE", fhir.MeansMedication, "corticosteroid"},
		{fhir.ATC, "B01AC06", "acetylsalicylic acid", fhir.MeansMedication, "aspirin"},
		{fhir.ATC, "N02BA01", "acetylsalicylic acid", fhir.MeansMedication, "aspirin"},
		{fhir.LOINC, "82810-3", "Pregnancy status", fhir.MeansPregnancyStatus, ""},
		{fhir.LOINC, "LA15173-0", "Pregnant", fhir.MeansPregnant, ""},
		{fhir.LOINC, "LA26683-5", "Not pregnant", fhir.MeansNotPregnant, ""},
		{fhir.LOINC, "LA4489-6", "Unknown", fhir.MeansUnknown, ""},
		{fhir.LOINC, "LA29252-6", "Currently breastfeeding", fhir.MeansLactating, ""},
		{fhir.LOINC, "LA29253-4", "Not currently breastfeeding", fhir.MeansNotLactating, ""},
	}
	var got []row
	for _, c := range fhir.Codes() {
		term := ""
		switch c.Meaning {
		case fhir.MeansCondition:
			term = c.Condition.String()
		case fhir.MeansMedication:
			term = c.Medication.String()
		}
		if c.Source == "" {
			t.Errorf("%s %s: no source", c.System, c.Code)
		}
		got = append(got, row{c.System, c.Code, c.Display, c.Meaning, term})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Codes() (-want +got):\n%s", diff)
	}
}

// Matching finds a code under its category range or group, and nothing for a
// code of another system, a malformed one, or one outside every row.
func TestMatching(t *testing.T) {
	tests := []struct {
		system, code string
		want         []string // the rows' codes
	}{
		{fhir.ICD10, "E11.9", []string{"E10-E14"}},
		{fhir.ICD10, "E14", []string{"E10-E14"}},
		{fhir.ICD10, "E15", nil},
		{fhir.ICD10, "C50.9", []string{"C00-D48"}},
		{fhir.ICD10, "D48.9", []string{"C00-D48"}},
		{fhir.ICD10, "D49", nil},
		{fhir.ICD10, "D68.0", []string{"D65-D69"}},
		{fhir.ICD10, "B00.1", []string{"B00"}},
		{fhir.ICD10, "B01", nil},
		{fhir.ICD10, "O99.8", []string{"O00-O99"}},
		{fhir.ICD10, "Z33", []string{"Z33"}},
		{fhir.ICD10, "I10", nil},
		{fhir.ICD10, "e11.9", nil},
		{fhir.ICD10, "E11.", nil},
		{fhir.ICD10, "E119", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "E11.9", nil},
		{fhir.ATC, "B01AA03", []string{"B01A"}},
		{fhir.ATC, "B01AC06", []string{"B01A", "B01AC06"}},
		{fhir.ATC, "H02AB09", []string{"H02"}},
		{fhir.ATC, "N02BA01", []string{"N02BA01"}},
		{fhir.ATC, "N02BE01", nil},
		{fhir.ATC, "", nil},
		{fhir.SNOMED, "77386006", []string{"77386006"}},
		{fhir.SNOMED, "60001007", nil},
		{fhir.LOINC, "82810-3", []string{"82810-3"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range fhir.Matching(tt.system, tt.code) {
			got = append(got, c.Code)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Matching(%q, %q) (-want +got):\n%s", tt.system, tt.code, diff)
		}
	}
}

// A condition and a medicine of each mapped kind reach the intake through
// their rows; unmapped codes reach the gaps.
func TestCodesReachTheIntake(t *testing.T) {
	rec := read(t, patient("female", "1990-04-12"), pregnancy("LA26683-5"), lactation("LA29253-4"),
		condition("active", coding(fhir.ICD10, "E11.9")),
		condition("recurrence", coding(fhir.ICD10, "B00.1")),
		condition("active", coding(fhir.ICD10, "I10")),
		statement("active", coding(fhir.ATC, "B01AC06")),
		statement("active", coding(fhir.ATC, "C10AA01")))
	wantConditions := []screening.Condition{screening.Diabetes, screening.Herpes}
	if diff := cmp.Diff(wantConditions, rec.Intake.Conditions); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}
	wantMeds := []screening.Medication{{Class: screening.Anticoagulant}, {Class: screening.Aspirin}}
	if diff := cmp.Diff(wantMeds, rec.Intake.Medications, dateEq); diff != "" {
		t.Errorf("medications (-want +got):\n%s", diff)
	}
	wantFacts := []fhir.Fact{
		{Entry: 3, Resource: "Condition", Condition: screening.Diabetes},
		{Entry: 4, Resource: "Condition", Condition: screening.Herpes},
		{Entry: 6, Resource: "MedicationStatement", Medication: screening.Anticoagulant},
		{Entry: 6, Resource: "MedicationStatement", Medication: screening.Aspirin},
	}
	if diff := cmp.Diff(wantFacts, rec.Facts, dateEq); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	var gotCodes []string
	for _, g := range rec.Questions {
		if !g.Caution || g.Kind != fhir.NotRecognised {
			t.Errorf("gap %v, want a cautioning not-recognised gap", g)
		}
		gotCodes = append(gotCodes, g.Codes...)
	}
	if diff := cmp.Diff([]string{fhir.ICD10 + "|I10", fhir.ATC + "|C10AA01"}, gotCodes); diff != "" {
		t.Errorf("unmapped codes (-want +got):\n%s", diff)
	}
}
