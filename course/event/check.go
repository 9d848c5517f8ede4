package event

import (
	"fmt"
	"strconv"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/internal/fault"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// MaxInjections is the most injections one session records (the sources
// state 30-40, S4, and 100-120, S2), so that no log can make a count
// without bound.
const MaxInjections = 1000

// Check checks the screening result (screening.Result.Check) and that its
// verdict is one of screening's four.
func (e Screened) Check() error {
	if err := e.Result.Check(); err != nil {
		return err
	}
	switch e.Result.Verdict {
	case screening.Cleared, screening.Caution, screening.Deferred, screening.Refused:
		return nil
	}
	return &meso.FieldError{Field: "result.verdict", Value: e.Result.Verdict.String(), Err: fmt.Errorf("%w verdict", meso.ErrUnknown)}
}

// Check checks that Preparation is an id and Reaction, when given, text of
// at most 2,000 bytes without control characters.
func (e TestInjection) Check() error {
	if err := fault.ID("preparation", e.Preparation); err != nil {
		return err
	}
	return fault.Text("reaction", e.Reaction, false)
}

// Check checks that Preparation and Technique are ids, Zones names at least
// one zone and nothing else, Injections is 1 to MaxInjections and Checklist
// holds only steps of SessionSteps.
func (e SessionPerformed) Check() error {
	if err := fault.ID("preparation", e.Preparation); err != nil {
		return err
	}
	if err := fault.ID("technique", e.Technique); err != nil {
		return err
	}
	if e.Zones == 0 || e.Zones&^allZones != 0 {
		return &meso.FieldError{Field: "zones", Value: strconv.Itoa(int(e.Zones)), Err: fmt.Errorf("%w: name at least one zone of the scalp", meso.ErrInvalid)}
	}
	if e.Injections < 1 || e.Injections > MaxInjections {
		return &meso.FieldError{Field: "injections", Value: strconv.Itoa(e.Injections), Err: fmt.Errorf("%w: want 1 to %d", meso.ErrInvalid, MaxInjections)}
	}
	if e.Checklist>>len(sessionSteps) != 0 { // the log could not write it
		_, err := e.Checklist.MarshalText()
		return err
	}
	return nil
}

// Check checks Reason, when given, as text.
func (e SessionMissed) Check() error { return fault.Text("reason", e.Reason, false) }

// Check checks that Reason is given, as text.
func (e Hold) Check() error { return fault.Text("reason", e.Reason, true) }

// Check returns nil: a resume has no fields but its instant.
func (e Resume) Check() error { return nil }

// Check checks that Complication and Grade are named ones and Note, when
// given, is text.
func (e AdverseEvent) Check() error {
	if !e.Complication.valid() {
		return &meso.FieldError{Field: "complication", Value: e.Complication.String(), Err: complicationText.Mismatch()}
	}
	if e.Grade < Mild || e.Grade > Severe {
		return &meso.FieldError{Field: "grade", Value: e.Grade.String(), Err: gradeText.Mismatch()}
	}
	return fault.Text("note", e.Note, false)
}

// Check checks Note, when given, as text, that Outcome is a named one, and
// that Preparation is an id with OutcomeChangePreparation and empty with
// the others: a record that names a preparation reads as a change of it.
func (e Review) Check() error {
	if err := fault.Text("note", e.Note, false); err != nil {
		return err
	}
	if e.Outcome != OutcomeChangePreparation && e.Preparation != "" {
		return &meso.FieldError{Field: "preparation", Value: e.Preparation, Err: fmt.Errorf("%w: only a review that changes the preparation names one", meso.ErrInvalid)}
	}
	switch e.Outcome {
	case OutcomeResume, OutcomeStop:
		return nil
	case OutcomeChangePreparation:
		return fault.ID("preparation", e.Preparation)
	}
	return &meso.FieldError{Field: "outcome", Value: e.Outcome.String(), Err: outcomeText.Mismatch()}
}

// Check checks that Preparation is an id and Reason, when given, text.
// Whether the change needs a reason is the course's to say.
func (e PreparationChanged) Check() error {
	if err := fault.ID("preparation", e.Preparation); err != nil {
		return err
	}
	return fault.Text("reason", e.Reason, false)
}

// Check returns nil: the event has no fields but its instant.
func (e MainCourseCompleted) Check() error { return nil }

// Check checks that Protocol is the zero Protocol (monthly maintenance) or a
// valid maintenance protocol.
func (e MaintenanceStarted) Check() error {
	if e.monthly() {
		return nil
	}
	if err := e.Protocol.Validate(); err != nil {
		return err
	}
	if !e.Protocol.Maintenance {
		return &meso.FieldError{Field: "protocol", Value: e.Protocol.ID, Err: fmt.Errorf("%w: not a maintenance protocol", meso.ErrInvalid)}
	}
	return nil
}

// monthly reports whether e names no protocol of its own, and so starts
// monthly-maintenance: its Protocol is exactly the zero Protocol, the one
// the log leaves out (omitzero), so that any other, however empty, is
// checked and written, and the log reads back what course.Apply accepted.
// (Once Check passes, a Protocol without an id is the zero one.)
func (e MaintenanceStarted) monthly() bool {
	// Field by field, not reflect.Value.IsZero, which would copy the
	// protocol to the heap; TestMonthlyProtocol sets each field in turn.
	p := &e.Protocol
	return p.ID == "" && p.Name == "" && p.Phases == nil && p.Sessions == (schedule.Count{}) &&
		p.MinMonths == 0 && !p.Maintenance && p.RepeatMonths == 0 && p.Quotes == nil &&
		p.Policy == nil && p.Readings == nil && p.Sources == nil
}

// Check checks Note, when given, as text.
func (e Close) Check() error { return fault.Text("note", e.Note, false) }

// Check checks that Reason is given, as text. (course.Apply refuses a
// reason of only spaces first, with course.ErrNeedsReason.)
func (e Cancel) Check() error { return fault.Text("reason", e.Reason, true) }

// Check checks that Observed is a named one and Note, when given, text.
func (e Observation) Check() error {
	if e.Observed != Shedding && e.Observed != OtherObservation {
		return &meso.FieldError{Field: "observed", Value: e.Observed.String(), Err: observationText.Mismatch()}
	}
	return fault.Text("note", e.Note, false)
}
