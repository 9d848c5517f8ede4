package fhir_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/screening"
)

// Read never panics; it gives a record whose intake screening accepts the
// form of, or a *meso.FieldError.
func FuzzRead(f *testing.F) {
	sample, err := os.ReadFile("../examples/screen/bundle.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(bundle(patient("female", "1990-01-01"), pregnancy("LA15173-0"), lactation("LA29253-4"),
		condition("active", coding(fhir.ICD10, "E11.9")), statement("stopped", coding(fhir.ATC, "B01AC06")))))
	f.Add([]byte(`{"resourceType": "Bundle"}`))
	on, _ := meso.ParseDate("2027-01-10")
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := fhir.Read(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *meso.FieldError", err)
			}
			return
		}
		for _, g := range rec.Questions {
			if g.Kind == fhir.NotRecorded && !g.Caution {
				t.Fatalf("a not-recorded gap that does not caution: %v", g)
			}
		}
		if err := rec.Intake.Check(); err != nil {
			return // too long a list or text: screening refuses it by name
		}
		r, err := rec.Screen(on, screening.Options{})
		if err != nil {
			return
		}
		if r.Verdict < r.Screening.Verdict || rec.Cautions() && r.Verdict < screening.Caution {
			t.Fatalf("verdict %v milder than screening %v or the gaps", r.Verdict, r.Screening.Verdict)
		}
	})
}
