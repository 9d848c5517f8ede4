package main

import (
	"bytes"
	"io"
	"time"

	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/fhir"
)

// writeFHIR writes the plan as a FHIR R4 Bundle for the patient's health
// record: the CarePlan, an Appointment per session and one for the test
// injection (the day before the first session, S2, as the calendar plans
// it), the aftercare restrictions and the screening's findings.
func writeFHIR(stdout io.Writer, say cli.Reporter, p schedule.Protocol, test time.Time, as []schedule.Appointment, c checked, courseID, patient string) int {
	if patient == "" {
		return say.Failf(cli.BadInput, "-format fhir needs -patient, the patient's reference in the record (as Patient/123)")
	}
	plan := fhir.CarePlan{Course: courseID, Patient: patient, Protocol: p, Appointments: as, TestInjection: test,
		Screening: &c.screening, Aftercare: c.policy}
	var buf bytes.Buffer
	if err := fhir.WritePlan(&buf, plan); err != nil {
		return say.Fail(cli.BadInput, err)
	}
	stdout.Write(buf.Bytes())
	return cli.OK
}
