package fhirgo

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/screening"
)

// Every Bundle meso writes parses and validates in Google's R4
// implementation, for a plan of every protocol: proposed, with the test
// injection, the aftercare and the screening's findings.
func TestPlansOfEveryProtocolAreValidR4(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := clinic.NewCalendar(loc, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := meso.ParseDate("2027-03-01")
	on, _ := meso.ParseDate("2027-03-01")
	in := screening.Intake{BirthDate: on.AddDays(-40 * 365), OtherAllergies: []string{"latex"},
		Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: on.AddDays(-3)}}}
	res, err := screening.Screen(in, on, screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../examples/screen/bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec, err := fhir.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	u := unmarshaller(t)
	for _, p := range schedule.All() {
		apps, err := p.Expand(first, 0, cal)
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		test, err := schedule.TestInjection(cal, apps[0])
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		var buf bytes.Buffer
		err = fhir.WritePlan(&buf, fhir.CarePlan{Course: "course-" + p.ID, Patient: "Patient/anna", Protocol: p,
			Appointments: apps, TestInjection: test, Screening: &res, Record: &rec, Aftercare: aftercare.DefaultPolicy()})
		if err != nil {
			t.Fatalf("%s: WritePlan: %v", p.ID, err)
		}
		if _, err := u.Unmarshal(buf.Bytes()); err != nil {
			t.Errorf("%s: google/fhir R4: %v\n%s", p.ID, err, buf.Bytes())
		}
	}
}
