package course

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
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
