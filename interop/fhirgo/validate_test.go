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
