package schedule

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	var p Protocol
	var cal clinic.Calendar
	d := daytest.Date(t, "2027-01-11")
	if err := p.Validate(); !errors.Is(err, meso.ErrMissing) {
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
	if _, err := p.Next([]meso.Date{d}); err == nil {
		t.Errorf("Protocol{}.Next accepted")
	}
	if p.MinGap() != 0 || p.IsPolicy("sessions.default") || p.Clone().ID != "" {
		t.Errorf("Protocol{} accessors")
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("json.Marshal(Protocol{}) = %v", err)
	}
	weekly, _ := Lookup(Weekly)
	if _, err := weekly.Expand(d, 0, cal); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Expand in Calendar{} = %v, want ErrMissing", err)
	}
	for _, s := range []string{(&meso.FieldError{}).Error(), (&NoOpenDayError{}).Error(), ClosedDay{}.String()} {
		if s == "" {
			t.Errorf("a zero value's text is empty")
		}
	}
	if _, err := json.Marshal(Appointment{}); err != nil {
		t.Errorf("json.Marshal(Appointment{}) = %v", err)
	}
	if w := (Due{}); w.Session != 0 || !w.Earliest.IsZero() {
		t.Errorf("Due{} names a session")
	}
	// The zero Progress is a course with no session: stepped through the
	// first, the second is due a gap later. A protocol it cannot step
	// through is an error, not a panic.
	var pr Progress
	if _, due, err := pr.Step(&weekly, 0, d); err != nil || due.Session != 2 || due.Earliest != d.AddDays(weekly.Phases[0].Gap.Min) {
		t.Errorf("Progress{}.Step(weekly, 0, %s) = %+v, %v", d, due, err)
	}
	for _, bad := range []*Protocol{nil, &p, {Phases: make([]Phase, MaxPhases+1)}} {
		if _, _, err := pr.Step(bad, 0, d); !errors.As(err, new(*meso.FieldError)) {
			t.Errorf("Progress{}.Step(%v) = %v, want a *FieldError", bad, err)
		}
		if _, err := pr.Next(bad, 0); !errors.As(err, new(*meso.FieldError)) {
			t.Errorf("Progress{}.Next(%v) = %v, want a *FieldError", bad, err)
		}
	}
	if _, err := (Progress{phase: 3}).Next(&weekly, 1); !errors.As(err, new(*meso.FieldError)) {
		t.Errorf("a Progress past the protocol's phases: %v, want a *FieldError", err)
	}
	if _, err := TestInjection(clinic.Calendar{}, Appointment{N: 1, Start: time.Now()}); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("TestInjection(Calendar{}, …) = %v, want ErrMissing", err)
	}
	open, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	if _, err := TestInjection(open, Appointment{}); !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("TestInjection(Appointment{}) = %v, want ErrInvalid", err)
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
}

// Protocols and calendars are values read by many goroutines at once (run
// with -race).
func TestConcurrentExpansion(t *testing.T) {
	cal, _ := clinic.NewCalendar(daytest.Zone(t, "Australia/Sydney"), 10, 0, clinic.WeekdaysOf(time.Sunday))
	cal, _ = cal.WithHolidays(daytest.Date(t, "2027-04-02"), daytest.Date(t, "2027-05-13"))
	first := daytest.Date(t, "2027-03-01")
	var wg sync.WaitGroup
	results := make([][]Appointment, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := Lookup(IDs()[i%8])
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
			t.Errorf("goroutines expanding %s disagree", IDs()[i%8])
		}
	}
}
