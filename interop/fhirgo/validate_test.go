package fhirgo

import (
	"os"
	"testing"

	"github.com/google/fhir/go/fhirversion"
	"github.com/google/fhir/go/jsonformat"
)

func unmarshaller(t *testing.T) *jsonformat.Unmarshaller {
	t.Helper()
	u, err := jsonformat.NewUnmarshaller("UTC", fhirversion.R4)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The sample record a newcomer runs is valid FHIR R4.
func TestSampleRecordIsValidR4(t *testing.T) {
	data, err := os.ReadFile("../../examples/screen/bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unmarshaller(t).Unmarshal(data); err != nil {
		t.Fatalf("google/fhir R4: %v", err)
	}
}

// The check has teeth: what R4 forbids is refused. An Appointment with a
// status R4 does not have, one without its required participant, and an
// element R4 does not define are errors.
func TestInvalidR4IsRefused(t *testing.T) {
	for name, doc := range map[string]string{
		"bad status":      `{"resourceType": "Appointment", "status": "planned", "participant": [{"status": "accepted"}]}`,
		"no participant":  `{"resourceType": "Appointment", "status": "proposed"}`,
		"unknown element": `{"resourceType": "CarePlan", "status": "active", "intent": "plan", "subject": {"reference": "Patient/a"}, "cadence": "weekly"}`,
	} {
		if _, err := unmarshaller(t).Unmarshal([]byte(doc)); err == nil {
			t.Errorf("%s: google/fhir accepted %s", name, doc)
		}
	}
}
