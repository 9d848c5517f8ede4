package main

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/fhir"
)

// writeFHIR writes the plan as a FHIR R4 Bundle for the patient's health
// record: the CarePlan, an Appointment per session and one for the test
// injection (the day before the first session, S2, as the calendar plans
// it), the aftercare restrictions and the screening's findings.
func writeFHIR(stdout, stderr io.Writer, p course.Protocol, test time.Time, as []course.Appointment, c checked, courseID, patient string) int {
	if patient == "" {
		fmt.Fprintln(stderr, "plan: -format fhir needs -patient, the patient's reference in the record (as Patient/123)")
		return cli.BadInput
	}
	plan := fhir.CarePlan{Course: courseID, Patient: patient, Protocol: p, Appointments: as, TestInjection: test,
		Screening: &c.screening, Aftercare: c.policy}
	var buf bytes.Buffer
	if err := fhir.WritePlan(&buf, plan); err != nil {
		fmt.Fprintln(stderr, "plan:", err)
		return cli.BadInput
	}
	stdout.Write(buf.Bytes())
	return cli.OK
}
