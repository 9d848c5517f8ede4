package clinic

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// fuzzTypes are the types this package reads, in the order the first byte
// of a FuzzUnmarshal input picks them.
var fuzzTypes = []jsontest.Type{
	{Sample: func() any { c := sampleCalendar(); return &c }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		// A decoded calendar is the one its settings make.
		c := *v.(*Calendar)
		again, err := NewCalendar(c.Location(), c.hour, c.minute, c.Closed())
		if err == nil && len(c.holidays) > 0 {
			again, err = again.WithHolidays(c.Holidays()...)
		}
		if err == nil && len(c.unavailable) > 0 {
			again, err = again.WithUnavailable(c.unavailable...)
		}
		if err != nil {
			return err
		}
		if d := calendarDiff(c, again); d != "" {
			return &meso.FieldError{Field: "calendar", Value: d, Err: meso.ErrInvalid}
		}
		return nil
	}, Seeds: []string{
		`{"location": "UTC", "hour": 0, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`,
		`{"location": "Local", "hour": 10, "minute": 0, "closed": "sun", "holidays": [], "unavailable": []}`,
		`{"location": "Europe/Berlin", "hour": 24, "minute": 0, "closed": "sun", "holidays": [], "unavailable": []}`,
		`{"location": "Europe/Berlin", "hour": 10, "minute": -1, "closed": "mon,tue,wed,thu,fri,sat,sun", "holidays": [""], "unavailable": [{"from": "2027-03-12", "to": "2027-03-08"}]}`,
		`{"location": "Europe//Berlin", "hour": 10, "minute": 0, "closed": "sun", "holidays": ["2027-04-05", "2027-04-05"], "unavailable": []}`,
	}},
	{Sample: func() any { f := sampleFreeDay(); return &f }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		_, err := NewFreeDay(v.(*FreeDay).Intervals()...)
		return err
	}, Seeds: []string{
		`[]`, `null`,
		`[{"from": "2027-03-01T09:00:00+01:00", "until": "2027-03-01T09:00:00+01:00"}]`,
		`[{"from": "2027-03-01T09:00:00+01:00", "until": "2027-03-01T12:00:00+01:00"}, {"from": "2027-03-01T11:00:00+01:00", "until": "2027-03-01T13:00:00+01:00"}]`,
		`[{"from": "2027-03-01T09:00:00Z", "until": "2027-03-01T10:00:00Z"}, {"from": "2027-03-01T11:00:00+01:00", "until": "2027-03-01T12:00:00+01:00"}]`,
	}},
	{Sample: func() any { w := WeekdaysOf(time.Saturday, time.Sunday); return &w }, Refusal: fuzzcheck.Sentinel,
		Seeds: []string{"", "mon,wed,fri", "sun,sun", "mon,", "Mon", "mon,tue,wed,thu,fri,sat,sun,mon"}},
	{Sample: func() any { c := Holiday; return &c }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"open", "", "Holiday", "test-day-closed"}},
}

func sampleCalendar() Calendar {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	c, err := NewCalendar(berlin, 10, 30, WeekdaysOf(time.Saturday, time.Sunday))
	if err == nil {
		c, err = c.WithHolidays(meso.DateOf(time.Date(2027, 4, 5, 0, 0, 0, 0, time.UTC)))
	}
	if err == nil {
		c, err = c.WithUnavailable(meso.DateRange{From: meso.DateOf(time.Date(2027, 3, 8, 0, 0, 0, 0, time.UTC)), To: meso.DateOf(time.Date(2027, 3, 12, 0, 0, 0, 0, time.UTC))})
	}
	if err != nil {
		panic(err)
	}
	return c
}

func sampleFreeDay() FreeDay {
	berlin := time.FixedZone("", 3600)
	f, err := NewFreeDay(FreeTime{From: time.Date(2027, 3, 1, 14, 0, 0, 0, berlin), Until: time.Date(2027, 3, 1, 17, 0, 0, 0, berlin)},
		FreeTime{From: time.Date(2027, 3, 1, 9, 0, 0, 0, berlin), Until: time.Date(2027, 3, 1, 12, 0, 0, 0, berlin)})
	if err != nil {
		panic(err)
	}
	return f
}

// fuzzDiff compares what the package's decoders read: every field, an
// instant by Equal, a location by name.
func fuzzDiff(want, got any) string {
	return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
		cmp.Comparer(time.Time.Equal),
		cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }))
}

func calendarDiff(a, b Calendar) string { return fuzzDiff(a, b) }

// Any input to the UnmarshalJSON of a Calendar or a FreeDay, or the
// UnmarshalText of Weekdays or a Closure, is either refused (a
// *meso.FieldError naming the field for the JSON forms, an error wrapping a
// meso sentinel for the text forms, the receiver left as it was) or read as
// a value the constructors make, which encodes again and reads back as
// itself. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	seeds, err := jsontest.FuzzSeeds(fuzzTypes, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limits have their own tests
		}
		jsontest.CheckInput(t, fuzzTypes, data, fuzzDiff)
	})
}

// A calendar whose location names the machine's own zone by its file
// ("localtime"), or a zone by another path to its file, is refused: it was
// read, and meant another zone on another machine (or none).
func TestCalendarRefusesMachineZones(t *testing.T) {
	for _, name := range []string{"localtime", "posixrules", "Europe//Berlin", "Europe/./Berlin", "./UTC", "right/UTC", "posix/UTC"} {
		c := sampleCalendar()
		err := c.UnmarshalJSON([]byte(`{"location": "` + name + `", "hour": 10, "minute": 0, "closed": "", "holidays": [], "unavailable": []}`))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != "location" || !errors.Is(err, meso.ErrInvalid) && !errors.Is(err, meso.ErrUnknown) {
			t.Errorf("a calendar in %q: %v, want a *meso.FieldError at location", name, err)
		}
		if d := fuzzDiff(sampleCalendar(), c); d != "" {
			t.Errorf("a refused calendar changed the Calendar:\n%s", d)
		}
	}
}

// What NewCalendar and NewFreeDay refuse cannot come in through JSON: each
// document here is one way of trying, refused at the field it tries with.
func TestDecodedCannotCarryWhatConstructorsRefuse(t *testing.T) {
	cal := func(loc string, hour, minute int, closed, holidays, unavailable string) string {
		return fmt.Sprintf(`{"location": %q, "hour": %d, "minute": %d, "closed": %q, "holidays": %s, "unavailable": %s}`, loc, hour, minute, closed, holidays, unavailable)
	}
	for _, tc := range []struct{ name, doc, field string }{
		{"hour 24", cal("UTC", 24, 0, "", "[]", "[]"), "hour"},
		{"hour -1", cal("UTC", -1, 0, "", "[]", "[]"), "hour"},
		{"minute 60", cal("UTC", 10, 60, "", "[]", "[]"), "minute"},
		{"closed every day", cal("UTC", 10, 0, "mon,tue,wed,thu,fri,sat,sun", "[]", "[]"), "closed"},
		{"a weekday twice", cal("UTC", 10, 0, "sun,sun", "[]", "[]"), "closed"},
		{"the machine's zone", cal("Local", 10, 0, "", "[]", "[]"), "location"},
		{"no zone", cal("", 10, 0, "", "[]", "[]"), "location"},
		{"a zero holiday", cal("UTC", 10, 0, "", `[""]`, "[]"), "holidays[0]"},
		{"a reversed range", cal("UTC", 10, 0, "", "[]", `[{"from": "2027-03-12", "to": "2027-03-08"}]`), "unavailable[0]"},
		{"a range without an end", cal("UTC", 10, 0, "", "[]", `[{"from": "2027-03-12", "to": ""}]`), "unavailable[0]"},
	} {
		c := sampleCalendar()
		err := c.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: %v, want a *meso.FieldError at %s", tc.name, err, tc.field)
		}
	}
	for _, tc := range []struct{ name, doc string }{
		{"an empty interval", `[{"from": "2027-03-01T09:00:00Z", "until": "2027-03-01T09:00:00Z"}]`},
		{"a reversed interval", `[{"from": "2027-03-01T10:00:00Z", "until": "2027-03-01T09:00:00Z"}]`},
		{"overlapping intervals", `[{"from": "2027-03-01T09:00:00Z", "until": "2027-03-01T11:00:00Z"}, {"from": "2027-03-01T11:00:00+01:00", "until": "2027-03-01T12:00:00+01:00"}]`},
		{"an interval without an end", `[{"from": "2027-03-01T09:00:00Z"}]`},
	} {
		f := sampleFreeDay()
		err := f.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "free") {
			t.Errorf("%s: %v, want a *meso.FieldError at free[…]", tc.name, err)
		}
	}
}
