package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	zeroFreeTimes(t)
	var p Protocol
	var cal Calendar
	d := mustDate(t, "2027-01-11")
	if err := p.Validate(); !errors.Is(err, ErrMissing) {
		t.Errorf("Protocol{}.Validate() = %v, want ErrMissing", err)
	}
	if _, err := p.Expand(d, 0, cal); err == nil {
		t.Errorf("Protocol{}.Expand accepted")
	}
	if _, err := p.Reschedule(nil, d, 0, cal); err == nil {
		t.Errorf("Protocol{}.Reschedule accepted")
	}
	for _, err := range p.ExpandSeq(d, 0, cal) {
		if err == nil {
			t.Errorf("Protocol{}.ExpandSeq yielded an appointment")
		}
	}
	if _, err := p.Due([]Date{d}); err == nil {
		t.Errorf("Protocol{}.Due accepted")
	}
	if p.MinGap() != 0 || p.IsPolicy("sessions.default") || p.Clone().ID != "" {
		t.Errorf("Protocol{} accessors")
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("json.Marshal(Protocol{}) = %v", err)
	}
	weekly, _ := LookupProtocol(Weekly)
	if _, err := weekly.Expand(d, 0, cal); !errors.Is(err, ErrMissing) {
		t.Errorf("Expand in Calendar{} = %v, want ErrMissing", err)
	}
	if cal.Location() != nil || cal.Closure(d) != Open || cal.Holidays() != nil || cal.Unavailable() != nil || cal.Closed() != 0 {
		t.Errorf("Calendar{} accessors")
	}
	if more, err := cal.WithHolidays(d); err != nil || more.Closure(d) != Holiday {
		t.Errorf("Calendar{}.WithHolidays = %v", err)
	}
	if more, err := cal.WithUnavailable(DateRange{From: d, To: d}); err != nil || more.Closure(d) != Unavailable {
		t.Errorf("Calendar{}.WithUnavailable = %v", err)
	}
	for _, s := range []string{(&FieldError{}).Error(), (&NoOpenDayError{}).Error(), ClosedDay{}.String(), Closure(0).String()} {
		if s == "" {
			t.Errorf("a zero value's text is empty")
		}
	}
	if _, err := json.Marshal(Appointment{}); err != nil {
		t.Errorf("json.Marshal(Appointment{}) = %v", err)
	}
	var w Weekdays
	if err := w.UnmarshalText(nil); err != nil || w != 0 {
		t.Errorf("Weekdays.UnmarshalText(empty) = %v, %v", w, err)
	}
	zeroValuesOfALife(t)
}

// Protocols and calendars are values read by many goroutines at once (run
// with -race).
func TestConcurrentExpansion(t *testing.T) {
	cal, _ := NewCalendar(loadZone(t, "Australia/Sydney"), 10, 0, WeekdaysOf(time.Sunday))
	cal, _ = cal.WithHolidays(mustDate(t, "2027-04-02"), mustDate(t, "2027-05-13"))
	first := mustDate(t, "2027-03-01")
	var wg sync.WaitGroup
	results := make([][]Appointment, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := LookupProtocol(ProtocolIDs()[i%8])
			for range 50 {
				as, err := p.Expand(first, 0, cal)
				if err != nil {
					t.Error(err)
					return
				}
				results[i] = as
			}
		}()
	}
	wg.Wait()
	for i := 8; i < 16; i++ {
		if len(results[i]) != len(results[i-8]) {
			t.Errorf("goroutines expanding %s disagree", ProtocolIDs()[i%8])
		}
	}
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
	if _, err := c.Reschedule(DateOf(at), Calendar{}); err == nil {
		t.Errorf("Course{}.Reschedule accepted")
	}
	// Every event's zero value is refused by a live course (it has no
	// instant, or misses what it needs), and a nil Event too.
	p, _ := LookupProtocol(Weekly)
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
	// A protocol made of zero parts is refused by Validate.
	for _, bad := range []Protocol{
		{ID: "x", Name: "x", Phases: []Phase{{}}, Sessions: Count{Min: 1, Max: 1, Default: 1}, Sources: []string{"s"}},
		{ID: "x", Name: "x", Phases: []Phase{{Name: "main", Gap: Gap{}}}, Sessions: Count{Min: 1, Max: 1, Default: 1}, Sources: []string{"s"}},
		{ID: "x", Name: "x", Phases: []Phase{{Name: "main", Gap: Gap{Min: 7, Preferred: 7, Max: 7}}}, Sessions: Count{}, Sources: []string{"s"}},
		{ID: "x", Name: "x", Phases: []Phase{{Name: "main", Gap: Gap{Min: 7, Preferred: 7, Max: 7}}}, Sessions: Count{Min: 1, Max: 1, Default: 1}, Sources: []string{"s"}, Quotes: []Quote{{}}},
		{ID: "x", Name: "x", Phases: []Phase{{Name: "main", Gap: Gap{Min: 7, Preferred: 7, Max: 7}}}, Sessions: Count{Min: 1, Max: 1, Default: 1}, Sources: []string{"s"}, Policy: []PolicyDefault{{}}},
		{ID: "x", Name: "x", Phases: []Phase{{Name: "main", Gap: Gap{Min: 7, Preferred: 7, Max: 7}}}, Sessions: Count{Min: 1, Max: 1, Default: 1}, Sources: []string{"s"}, Readings: []Reading{{}}},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("Validate accepted a protocol with a zero part: %+v", bad)
		}
	}
	// The zero Reference and PriceReference cite nothing and state nothing.
	if r := (Reference{}); r.ID != "" || r.Sources != nil {
		t.Errorf("Reference{} states something")
	}
	if p := (PriceReference{}); p.Min != 0 || p.Max != 0 || p.Sources != nil {
		t.Errorf("PriceReference{} states a price")
	}
	// The zero Window of a next session says no session.
	// The zero Safety is the default policy.
	if err := (Safety{}).Validate(); err != nil || (Safety{}).orDefault() != DefaultSafety() {
		t.Errorf("Safety{} = %v, %+v; want valid, the default", err, (Safety{}).orDefault())
	}
	if w := (Window{}); w.Session != 0 || !w.Earliest.IsZero() {
		t.Errorf("Window{} names a session")
	}
	// A plan: the zero Plan has no aftercare policy; a zero PlannedEvent has
	// no activity or instant; zero conflicts refuse to be written.
	if _, err := (Plan{}).Check(); !errors.Is(err, ErrMissing) {
		t.Errorf("Plan{}.Check() = %v, want ErrMissing", err)
	}
	as, _ := p.Expand(DateOf(at), 0, mustCalendar(t))
	if _, err := (Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{{}}}).Check(); err == nil {
		t.Errorf("a Plan with a PlannedEvent{} checked")
	}
	if _, err := (Conflict{}).MarshalJSON(); err == nil {
		t.Errorf("Conflict{} has a JSON form")
	}
	if _, err := (ConflictSide{}).MarshalJSON(); err == nil {
		t.Errorf("ConflictSide{} has a JSON form")
	}
	// The calendar export needs a domain for its UIDs and a stamp.
	if err := WriteICS(io.Discard, as, ICSOptions{}); err == nil {
		t.Errorf("WriteICS with ICSOptions{} accepted")
	}
	// An update needs the previous plan's appointments.
	update := ICSOptions{UIDDomain: "clinic.example", Course: "c-1", Stamp: at, Previous: &ICSPrevious{}}
	if err := WriteICS(io.Discard, as, update); !errors.Is(err, ErrMissing) {
		t.Errorf("WriteICS with Previous: &ICSPrevious{} = %v, want ErrMissing", err)
	}
	// Enumerations: zero values have no name, except Zones, whose zero is
	// no zone (written as empty text).
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{EventKind(0), State(0), Complication(0), Grade(0), Outcome(0), Observed(0), ConflictKind(0), SideKind(0)} {
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

func mustCalendar(t *testing.T) Calendar {
	t.Helper()
	cal, err := NewCalendar(time.UTC, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// zeroFreeTimes: the zero FreeDay has no free time, a zero FreeTime is no
// interval, a nil FreeTimes is refused, and the zero Calendar books no test
// injection.
func zeroFreeTimes(t *testing.T) {
	var day FreeDay
	if day.Intervals() != nil {
		t.Errorf("FreeDay{}.Intervals() = %v, want none", day.Intervals())
	}
	if _, err := NewFreeDay(FreeTime{}); !errors.Is(err, ErrMissing) {
		t.Errorf("NewFreeDay(FreeTime{}) = %v, want ErrMissing", err)
	}
	var free FreeTimes
	cal, _ := NewCalendar(time.UTC, 10, 0, 0)
	if _, err := cal.WithFreeTimes(free, 0); !errors.Is(err, ErrMissing) {
		t.Errorf("WithFreeTimes(nil) = %v, want ErrMissing", err)
	}
	if _, err := (Calendar{}).TestInjection(Appointment{N: 1, Start: time.Now()}); !errors.Is(err, ErrMissing) {
		t.Errorf("Calendar{}.TestInjection = %v, want ErrMissing", err)
	}
	if _, err := cal.TestInjection(Appointment{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("TestInjection(Appointment{}) = %v, want ErrInvalid", err)
	}
}
