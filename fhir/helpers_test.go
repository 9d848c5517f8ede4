package fhir_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mesokit/meso/fhir"
)

// Small builders of Bundle entries for table tests, as JSON text.

func coding(system, code string) string {
	return fmt.Sprintf(`{"system": %q, "code": %q}`, system, code)
}

func patient(gender, birth string) string {
	return fmt.Sprintf(`{"resourceType": "Patient", "id": "p", "gender": %q, "birthDate": %q}`, gender, birth)
}

func observation(code, value string) string {
	return fmt.Sprintf(`{"resourceType": "Observation", "status": "final", "subject": {"reference": "Patient/p"},
		"code": {"coding": [%s]}, "valueCodeableConcept": {"coding": [%s]}}`, code, value)
}

func pregnancy(answer string) string {
	return observation(coding(fhir.LOINC, "82810-3"), coding(fhir.LOINC, answer))
}

func lactation(answer string) string {
	return observation(coding(fhir.ObservationSystem, "breastfeeding-status"), coding(fhir.LOINC, answer))
}

func condition(clinical string, codings ...string) string {
	status := ""
	if clinical != "" {
		status = fmt.Sprintf(`"clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": %q}]},`, clinical)
	}
	return fmt.Sprintf(`{"resourceType": "Condition", %s "subject": {"reference": "Patient/p"}, "code": {"coding": [%s]}}`,
		status, strings.Join(codings, ", "))
}

func statement(status string, codings ...string) string {
	return fmt.Sprintf(`{"resourceType": "MedicationStatement", "status": %q, "subject": {"reference": "Patient/p"},
		"medicationCodeableConcept": {"coding": [%s]}}`, status, strings.Join(codings, ", "))
}

func bundle(resources ...string) string {
	var entries []string
	for i, r := range resources {
		entries = append(entries, fmt.Sprintf(`{"fullUrl": "urn:uuid:00000000-0000-4000-8000-%012d", "resource": %s}`, i, r))
	}
	return `{"resourceType": "Bundle", "type": "collection", "entry": [` + strings.Join(entries, ",\n") + `]}`
}

func read(t *testing.T, resources ...string) fhir.Record {
	t.Helper()
	b := bundle(resources...)
	if !json.Valid([]byte(b)) {
		t.Fatalf("test bundle is not JSON:\n%s", b)
	}
	rec, err := fhir.Read(strings.NewReader(b))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return rec
}
