package clinic

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved: a
// Calendar as its settings (location by name, holidays, days away), a
// FreeDay as its intervals; a ZoneHint (a cache) and a calendar holding the
// host's diary (free times) by refusing.
func TestJSONRoundTrip(t *testing.T) {
	berlin := daytest.Zone(t, "Europe/Berlin")
	cal, err := NewCalendar(berlin, 10, 30, WeekdaysOf(time.Saturday, time.Sunday))
	if err != nil {
		t.Fatal(err)
	}
	if cal, err = cal.WithHolidays(daytest.Date(t, "2027-04-05"), daytest.Date(t, "2027-03-29")); err != nil {
		t.Fatal(err)
	}
	if cal, err = cal.WithUnavailable(meso.DateRange{From: daytest.Date(t, "2027-03-08"), To: daytest.Date(t, "2027-03-12")}); err != nil {
		t.Fatal(err)
	}
	utc, err := NewCalendar(time.UTC, 9, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	withFree, err := cal.WithFreeTimes(noFree{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	morning := FreeTime{From: time.Date(2027, 3, 1, 9, 0, 0, 0, berlin), Until: time.Date(2027, 3, 1, 12, 0, 0, 0, berlin)}
	afternoon := FreeTime{From: time.Date(2027, 3, 1, 14, 0, 0, 0, berlin), Until: time.Date(2027, 3, 1, 17, 0, 0, 0, berlin)}
	day, err := NewFreeDay(afternoon, morning)
	if err != nil {
		t.Fatal(err)
	}
	var hint ZoneHint
	cal.Start(daytest.Date(t, "2027-03-01"), &hint)
	samples := []jsontest.Sample{
		{Type: "Calendar", Value: cal},
		{Type: "Calendar (in UTC, open every day)", Value: utc},
		{Type: "Calendar (with free times)", Value: withFree, Refuses: true},
		{Type: "Weekdays", Value: WeekdaysOf(time.Monday, time.Wednesday, time.Friday)},
		{Type: "Closure", Value: cal.Closure(daytest.Date(t, "2027-03-29"))},
		{Type: "ZoneHint", Value: hint, Refuses: true},
		{Type: "FreeTime", Value: morning},
		{Type: "FreeDay", Value: day},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
			cmp.Comparer(time.Time.Equal), // an instant; RFC 3339 keeps its offset, not its zone's name
			cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }))
	})
}

// What the JSON forms refuse, they refuse clearly, and what they read goes
// through the constructors' checks.
func TestJSONRefusals(t *testing.T) {
	var fe *meso.FieldError
	if _, err := json.Marshal(Calendar{}); !errors.As(err, &fe) || !errors.Is(err, meso.ErrMissing) {
		t.Errorf("json.Marshal(Calendar{}) = %v, want a *meso.FieldError wrapping ErrMissing", err)
	}
	for _, name := range []string{"Local", "X", "", "UTC"} {
		loc := time.Local
		if name != "Local" {
			loc = time.FixedZone(name, 3600)
		}
		cal, err := NewCalendar(loc, 10, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(cal); !errors.As(err, &fe) || fe.Field != "location" {
			t.Errorf("json.Marshal of a calendar in %s = %v, want a refusal at location", name, err)
		}
	}
	if _, err := json.Marshal(ZoneHint{}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("json.Marshal(ZoneHint{}) = %v, want ErrUnsupported", err)
	}
	for _, tc := range []struct {
		name, field string
		v           any
		doc         string
	}{
		{"no location", "location", new(Calendar), `{"hour": 10, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`},
		{"an unknown location", "location", new(Calendar), `{"location": "Mars/Olympus", "hour": 10, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`},
		{"the machine's zone", "location", new(Calendar), `{"location": "Local", "hour": 10, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`},
		{"hour 24", "hour", new(Calendar), `{"location": "UTC", "hour": 24, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`},
		{"closed every day", "closed", new(Calendar), `{"location": "UTC", "hour": 10, "minute": 0, "closed": "mon,tue,wed,thu,fri,sat,sun", "holidays": [], "unavailable": []}`},
		{"a reversed range", "unavailable[0]", new(Calendar), `{"location": "UTC", "hour": 10, "minute": 0, "closed": "", "holidays": [], "unavailable": [{"from": "2027-03-12", "to": "2027-03-08"}]}`},
		{"a folded key", "Hour", new(Calendar), `{"location": "UTC", "Hour": 10}`},
		{"overlapping intervals", "free[1]", new(FreeDay), `[{"from": "2027-03-01T09:00:00Z", "until": "2027-03-01T12:00:00Z"}, {"from": "2027-03-01T11:00:00Z", "until": "2027-03-01T13:00:00Z"}]`},
	} {
		err := strictjson.Decode([]byte(tc.doc), tc.v)
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: decoding %s into %T = %v, want a *meso.FieldError at %s", tc.name, tc.doc, tc.v, err, tc.field)
		}
	}
	// On error the calendar is left as it was.
	cal, _ := NewCalendar(time.UTC, 10, 0, 0)
	if err := cal.UnmarshalJSON([]byte(`{"location": "UTC", "hour": 24, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`)); err == nil || cal.hour != 10 {
		t.Errorf("a refused document changed the Calendar: %v", err)
	}
}
