package schedule

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved: a
// Protocol and its parts, appointments and a Due by their keys; a
// NoOpenDayError (an error) and a Progress (worked out from dates it does
// not hold) by refusing.
func TestJSONRoundTrip(t *testing.T) {
	berlin := daytest.Zone(t, "Europe/Berlin")
	cal, err := clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Lookup(WeeklyThenBiweekly)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Quotes) == 0 || len(p.Policy) == 0 || len(p.Readings) == 0 {
		t.Fatal("the sample protocol has no quotes, policy defaults or readings")
	}
	apps, err := p.Expand(daytest.Date(t, "2027-03-01"), 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	done := []meso.Date{daytest.Date(t, "2027-03-01"), daytest.Date(t, "2027-03-08")}
	due, err := p.Next(done)
	if err != nil {
		t.Fatal(err)
	}
	var pr Progress
	for i, d := range done {
		if pr, _, err = pr.Step(&p, i, d); err != nil {
			t.Fatal(err)
		}
	}
	noDay := noOpenDay(t)
	samples := []jsontest.Sample{
		{Type: "Protocol", Value: p},
		{Type: "Phase", Value: p.Phases[0]},
		{Type: "Gap", Value: p.Phases[0].Gap},
		{Type: "Count", Value: p.Sessions},
		{Type: "Quote", Value: p.Quotes[0]},
		{Type: "PolicyDefault", Value: p.Policy[0]},
		{Type: "Reading", Value: p.Readings[0]},
		{Type: "Appointment", Value: apps[1]},
		{Type: "Due", Value: due},
		{Type: "ClosedDay", Value: noDay.Tried[0]},
		{Type: "ClosedDay (a holiday)", Value: ClosedDay{Date: daytest.Date(t, "2027-04-05"), Reason: clinic.Holiday}},
		{Type: "NoOpenDayError", Value: noDay, Refuses: true},
		{Type: "Progress", Value: pr, Refuses: true},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
			cmp.Comparer(time.Time.Equal)) // an instant; RFC 3339 keeps its offset, not its zone's name
	})
	if _, err := json.Marshal(noDay); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("json.Marshal(NoOpenDayError) = %v, want ErrUnsupported", err)
	}
	if _, err := json.Marshal(Progress{}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("json.Marshal(Progress{}) = %v, want ErrUnsupported", err)
	}
}

// noOpenDay returns the error of a course that cannot be planned.
func noOpenDay(t *testing.T) *NoOpenDayError {
	t.Helper()
	p, _ := Lookup(WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	cal, _ = cal.WithHolidays(daytest.Date(t, "2027-02-22"))
	cal, _ = cal.WithUnavailable(meso.DateRange{From: daytest.Date(t, "2027-02-23"), To: daytest.Date(t, "2027-03-07")})
	var performed []time.Time
	for _, d := range []string{"2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01", "2027-02-08"} {
		performed = append(performed, daytest.Date(t, d).At(10, 0, time.UTC))
	}
	_, err := p.Reschedule(performed, meso.Date{}, 0, cal)
	var noDay *NoOpenDayError
	if !errors.As(err, &noDay) || len(noDay.Tried) == 0 {
		t.Fatalf("Reschedule = %v, want a *NoOpenDayError with the days tried", err)
	}
	return noDay
}
