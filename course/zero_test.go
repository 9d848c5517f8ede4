package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
)

// The zero value of every exported type either works or is refused with an
// error; none panics. (The plan side's types are in the TestZeroValues of
// clinic, schedule, plancheck and ics.)
func TestZeroValues(t *testing.T) {
	if (&meso.FieldError{}).Error() == "" {
		t.Errorf("FieldError{} prints nothing")
	}
	if !(meso.Date{}).IsZero() || !(meso.DateRange{}).From.IsZero() {
		t.Errorf("the zero Date or DateRange is a day")
	}
	zeroValuesOfALife(t)
}

// The zero values of the types of a course's life, its plan check and its
// calendar export: each works or is refused with an error; none panics.
func zeroValuesOfALife(t *testing.T) {
	at := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	// The zero Course is no course: Apply refuses it, its accessors say so.
	var c Course
	if _, err := Apply(c, Observation{At: at, Observed: Shedding}); err == nil {
		t.Errorf("Apply to Course{} accepted")
	}
	if c.State() != 0 || c.Done() != 0 || c.Remaining() != 0 || c.Missed() != 0 || len(c.Sessions()) != 0 ||
		c.Preparation() != "" || !c.TestInjection().IsZero() || c.EndReason() != "" || c.Protocol().ID != "" {
		t.Errorf("Course{} accessors say something")
	}
	if _, ok := c.MaintenanceProtocol(); ok {
		t.Errorf("Course{} is in maintenance")
	}
	if _, on := c.Hold(); on {
		t.Errorf("Course{} is on hold")
	}
	if _, halted := c.Halt(); halted {
		t.Errorf("Course{} is halted")
	}
	if r, _ := c.Screening(); r.Verdict != 0 {
		t.Errorf("Course{} was screened")
	}
	if _, err := c.Next(); err == nil {
		t.Errorf("Course{}.Next accepted")
	}
	if _, err := c.Reschedule(meso.DateOf(at), clinic.Calendar{}); err == nil {
		t.Errorf("Course{}.Reschedule accepted")
	}
	// Every event's zero value is refused by a live course (it has no
	// instant, or misses what it needs), and a nil Event too.
	p, _ := schedule.Lookup(schedule.Weekly)
	planned, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	var e Event
	for _, e := range []Event{e, Screened{}, TestInjection{}, SessionPerformed{}, SessionMissed{}, Hold{}, Resume{},
		AdverseEvent{}, Review{}, PreparationChanged{}, MainCourseCompleted{}, MaintenanceStarted{}, Close{}, Cancel{}, Observation{}} {
		var te *TransitionError
		if _, err := Apply(planned, e); !errors.As(err, &te) {
			t.Errorf("Apply(%T{}) = %v, want a *TransitionError", e, err)
		}
	}
	// Errors made by hand, without their parts, still print.
	for _, err := range []error{&TransitionError{}, &ReplayError{}} {
		if err.Error() == "" {
			t.Errorf("%T{} prints nothing", err)
		}
	}
	// The zero Log has no protocol and no zone: it neither writes, decodes
	// nor replays.
	var l Log
	if _, err := json.Marshal(l); err == nil {
		t.Errorf("json.Marshal(Log{}) accepted a log without a zone")
	}
	data, err := json.Marshal(Log{Zone: time.UTC})
	if err != nil {
		t.Fatalf("json.Marshal(Log{Zone: time.UTC}) = %v", err)
	}
	if _, err := DecodeLog(bytes.NewReader(data)); err == nil {
		t.Errorf("the zero Log's JSON decodes")
	}
	if _, err := Replay(l); err == nil {
		t.Errorf("Replay(Log{}) accepted")
	}
	// The zero Reference and PriceReference cite nothing and state nothing.
	if r := (Reference{}); r.ID != "" || r.Sources != nil {
		t.Errorf("Reference{} states something")
	}
	if p := (PriceReference{}); p.Min != 0 || p.Max != 0 || p.Sources != nil {
		t.Errorf("PriceReference{} states a price")
	}
	// The zero Safety is the default policy.
	if err := (Safety{}).Validate(); err != nil || (Safety{}).orDefault() != DefaultSafety() {
		t.Errorf("Safety{} = %v, %+v; want valid, the default", err, (Safety{}).orDefault())
	}
	// Enumerations: zero values have no name, except Zones, whose zero is
	// no zone (written as empty text).
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{EventKind(0), State(0), Complication(0), Grade(0), Outcome(0), Observed(0)} {
		if _, err := v.MarshalText(); err == nil || v.String() == "" {
			t.Errorf("%T(0): MarshalText succeeded or String is empty", v)
		}
	}
	if s, err := Checklist(0).MarshalText(); err != nil || len(s) != 0 || Checklist(0).IDs() != nil {
		t.Errorf("Checklist(0) = %q, %v; want empty text, no steps", s, err)
	}
	if s, err := Zones(0).MarshalText(); err != nil || len(s) != 0 {
		t.Errorf("Zones(0) = %q, %v; want empty text", s, err)
	}
}
