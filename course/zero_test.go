package course

import (
	"errors"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
)

// The zero value of every exported type either works or is refused with an
// error; none panics. (The plan side's types are in the TestZeroValues of
// clinic, schedule, plancheck and ics, the events' in event's.)
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
	if _, err := Apply(c, event.Observation{At: at, Observed: event.Shedding}); err == nil {
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
	var e event.Event
	for _, e := range []event.Event{e, event.Screened{}, event.TestInjection{}, event.SessionPerformed{}, event.SessionMissed{}, event.Hold{}, event.Resume{},
		event.AdverseEvent{}, event.Review{}, event.PreparationChanged{}, event.MainCourseCompleted{}, event.MaintenanceStarted{}, event.Close{}, event.Cancel{}, event.Observation{}} {
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
	// The zero Log has no protocol and no zone: it does not replay.
	var l event.Log
	if _, err := Replay(l); err == nil {
		t.Errorf("Replay(Log{}) accepted")
	}
	// The zero State has no name.
	if _, err := State(0).MarshalText(); err == nil || State(0).String() == "" {
		t.Errorf("State(0): MarshalText succeeded or String is empty")
	}
}
