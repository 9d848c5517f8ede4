package ics

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
)

// The zero value of every exported type either works or is refused with an
// error; none panics: the export needs a domain for its UIDs and a stamp,
// and an update the previous plan's appointments.
func TestZeroValues(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	first, _ := meso.ParseDate("2027-03-01")
	as, err := p.Expand(first, 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(io.Discard, as, Options{}); err == nil {
		t.Errorf("Write with Options{} accepted")
	}
	at := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	update := Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: at, Previous: &Previous{}}
	if err := Write(io.Discard, as, update); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Write with Previous: &Previous{} = %v, want ErrMissing", err)
	}
	if (&meso.FieldError{}).Error() == "" {
		t.Errorf("FieldError{} prints nothing")
	}
}
