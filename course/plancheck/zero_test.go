package plancheck

import (
	"errors"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
)

// The zero value of every exported type either works or is refused with an
// error; none panics: the zero Plan has no aftercare policy, a zero
// PlannedEvent no activity or instant, and zero conflicts refuse to be
// written.
func TestZeroValues(t *testing.T) {
	if _, err := (Plan{}).Check(); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Plan{}.Check() = %v, want ErrMissing", err)
	}
	p, _ := schedule.Lookup(schedule.Weekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	as, err := p.Expand(daytest.Date(t, "2027-03-01"), 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{{}}}).Check(); err == nil {
		t.Errorf("a Plan with a PlannedEvent{} checked")
	}
	if _, err := (Conflict{}).MarshalJSON(); err == nil {
		t.Errorf("Conflict{} has a JSON form")
	}
	if _, err := (ConflictSide{}).MarshalJSON(); err == nil {
		t.Errorf("ConflictSide{} has a JSON form")
	}
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{ConflictKind(0), SideKind(0)} {
		if _, err := v.MarshalText(); err == nil || v.String() == "" {
			t.Errorf("%T(0): MarshalText succeeded or String is empty", v)
		}
	}
	if (&meso.FieldError{}).Error() == "" {
		t.Errorf("FieldError{} prints nothing")
	}
}
