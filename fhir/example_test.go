package fhir_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"

	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/screening"
)

// Screening a patient straight from the health record: the record's gaps
// come with the screening, and the verdict is never milder than either.
func ExampleScreen() {
	f, err := os.Open("../examples/screen/bundle.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	on, _ := meso.ParseDate("2027-01-08")
	r, err := fhir.Screen(f, on, screening.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("verdict:", r.Verdict, "until", r.Screening.Until)
	for _, f := range r.Screening.Findings {
		fmt.Println("finding:", f.Rule)
	}
	for _, g := range r.Questions {
		fmt.Println("gap:", g)
	}
	// Output:
	// verdict: deferred until 2027-01-11
	// finding: anticoagulant
	// finding: other-allergy
	// gap: not-recognised Condition/hypertension.code [http://hl7.org/fhir/sid/icd-10|I10]: an active condition meso does not map (Essential (primary) hypertension): not recognised, check by hand
	// gap: ignored Condition/cold-sore-2025.clinicalStatus [http://hl7.org/fhir/sid/icd-10|B00.1]: recorded as resolved: not current
	// gap: not-recognised AllergyIntolerance/latex.code: an allergy the catalog cannot be checked against: screened as the other allergy "Latex"
	// gap: not-recorded Observation breastfeeding status: breastfeeding not recorded: ask (the patient is female)
}

// Writing a planned course back to the record: a CarePlan, an Appointment
// per session and a DetectedIssue per finding, each with a urn:uuid
// fullUrl the others refer to.
func ExampleWritePlan() {
	loc, _ := time.LoadLocation("Europe/Berlin")
	cal, _ := clinic.NewCalendar(loc, 10, 0, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup("biweekly")
	first, _ := meso.ParseDate("2027-03-01")
	apps, _ := p.Expand(first, 3, cal)
	test, _ := schedule.TestInjection(cal, apps[0]) // the day before the first session (S2)
	var buf bytes.Buffer
	err := fhir.WritePlan(&buf, fhir.CarePlan{Course: "c-17", Patient: "Patient/123", Protocol: p, Appointments: apps,
		TestInjection: test})
	if err != nil {
		fmt.Println(err)
		return
	}
	var b struct {
		Entry []struct {
			Resource struct{ ResourceType, Status, Start string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range b.Entry {
		fmt.Println(strings.TrimSpace(e.Resource.ResourceType + " " + e.Resource.Status + " " + e.Resource.Start))
	}
	// Output:
	// CarePlan active
	// Appointment proposed 2027-03-01T10:00:00+01:00
	// Appointment proposed 2027-03-02T10:00:00+01:00
	// Appointment proposed 2027-03-16T10:00:00+01:00
	// Appointment proposed 2027-03-30T10:00:00+02:00
}
