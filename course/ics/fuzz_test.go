package ics_test

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Any input to the UnmarshalJSON of Options or of a Previous is either
// refused with a *meso.FieldError naming the field, the receiver left as
// it was, or read as options that Write takes (it writes a calendar with
// them) and that encode again and read back as themselves. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	as := icsPlan(f, schedule.Weekly, "Europe/Berlin", "2027-03-01", 10, 0)
	berlin := icsZone(f, "Europe/Berlin")
	sampleOptions := func() any {
		return &ics.Options{UIDDomain: "calendar.clinic.example", Course: "c-17", Stamp: icsStamp,
			Zone: berlin, Length: 30 * time.Minute, Title: "Meso", Place: "Clinic North, Main St 1",
			Note: "Call 555-0100 to move a session.", Reminder: 24 * time.Hour, Aftercare: aftercare.DefaultPolicy(),
			TestInjection: as[0].Start.Add(-24 * time.Hour), Previous: &ics.Previous{Appointments: as[:3], Sequence: 2}}
	}
	const least = `{"uid_domain": "c.example", "course": "c", "stamp": "2027-02-20T09:30:00Z"`
	types := []jsontest.Type{
		{Sample: sampleOptions, Refusal: fuzzcheck.Field, Valid: func(v any) error {
			return ics.Write(io.Discard, as, *v.(*ics.Options))
		}, Seeds: []string{least + `}`,
			least + `, "zone": "Local"}`, least + `, "zone": "UTC"}`, least + `, "zone": "Europe//Berlin"}`, least + `, "zone": "../etc/passwd"}`,
			least + `, "length": "-45m"}`, least + `, "length": "1.5s"}`, least + `, "reminder": "999h"}`, least + `, "reminder": "1ns"}`,
			`{"uid_domain": "c.example", "course": "c", "stamp": "0001-01-01T00:30:00+01:00"}`,
			least + `, "previous": {"appointments": [], "sequence": 0}}`,
		}},
		{Sample: func() any { return &ics.Previous{Appointments: as[:3], Sequence: 2} }, Refusal: fuzzcheck.Field, Seeds: []string{
			`{"appointments": [{"n": 1, "start": "2027-03-01T10:00:00Z", "phase": "main", "earliest": "2027-03-01", "latest": "2027-03-01"}], "sequence": -1}`,
			`{"appointments": [{"n": 1, "start": "2027-03-01T10:00:00Z", "phase": "main", "earliest": "2027-03-02", "latest": "2027-03-01"}], "sequence": 0}`,
			`{"appointments": [{"n": 1, "start": "2027-03-01T10:00:00Z"}, {"n": 1, "start": "2027-03-08T10:00:00Z"}], "sequence": 1}`,
		}},
	}
	seeds, err := jsontest.FuzzSeeds(types, strictjson.MaxDepth)
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
		jsontest.CheckInput(t, types, data, func(want, got any) string {
			return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
				cmp.Comparer(time.Time.Equal), // an instant; RFC 3339 keeps its offset, not its zone's name
				cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }))
		})
	})
}

// Options whose zone names the machine's own zone by its file
// ("localtime"), or a zone by another path to its file, are refused.
func TestOptionsRefuseMachineZones(t *testing.T) {
	for _, name := range []string{"localtime", "posixrules", "Europe//Berlin", "Europe/./Berlin", "./UTC", "right/UTC"} {
		var o ics.Options
		err := o.UnmarshalJSON([]byte(`{"uid_domain": "c.example", "course": "c", "stamp": "2027-02-20T09:30:00Z", "zone": "` + name + `"}`))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != "zone" {
			t.Errorf("options in %q: %v, want a *meso.FieldError at zone", name, err)
		}
	}
}

// What Write refuses cannot come in through JSON: each document here is
// one way of trying, refused at the field it tries with.
func TestDecodedCannotCarryWhatWriteRefuses(t *testing.T) {
	const least = `{"uid_domain": "c.example", "course": "c", "stamp": "2027-02-20T09:30:00Z"`
	const appointment = `{"n": 1, "start": "2027-03-01T10:00:00Z", "phase": "main", "earliest": "2027-03-01", "latest": "2027-03-01"}`
	for _, tc := range []struct{ name, doc, field string }{
		{"a negative length", least + `, "length": "-45m"}`, "length"},
		{"a length in part seconds", least + `, "length": "45m0.5s"}`, "length"},
		{"a length over the limit", least + `, "length": "9999h"}`, "length"},
		{"a negative reminder", least + `, "reminder": "-1h"}`, "reminder"},
		{"a reminder over the limit", least + `, "reminder": "999h"}`, "reminder"},
		{"the machine's zone", least + `, "zone": "Local"}`, "zone"},
		{"the machine's zone by its file", least + `, "zone": "localtime"}`, "zone"},
		{"a stamp before year 1 in UTC", `{"uid_domain": "c.example", "course": "c", "stamp": "0001-01-01T00:30:00+01:00"}`, "stamp"},
		{"a uid domain with a space", `{"uid_domain": "c example", "course": "c", "stamp": "2027-02-20T09:30:00Z"}`, "uid_domain"},
		{"a title with a control character", least + `, "title": "a\u0007b"}`, "title"},
		{"a previous plan's negative sequence", least + `, "previous": {"appointments": [` + appointment + `], "sequence": -1}}`, "previous.sequence"},
		{"a previous plan's session twice", least + `, "previous": {"appointments": [` + appointment + `, ` + appointment + `], "sequence": 1}}`, "previous.appointments[1].n"},
		{"a previous plan's zero start", least + `, "previous": {"appointments": [{"n": 1, "phase": "main"}], "sequence": 1}}`, "previous.appointments[0].start"},
	} {
		var o ics.Options
		err := o.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		// A previous plan's error is at previous, naming the field within
		// it (previous: invalid: sequence = "-1": …).
		field, within, nested := strings.Cut(tc.field, ".")
		if !nested {
			field, within = tc.field, ""
		}
		if !errors.As(err, &fe) || fe.Field != field || !strings.Contains(err.Error(), within) {
			t.Errorf("%s: %v, want a *meso.FieldError at %s naming %s", tc.name, err, field, within)
		}
	}
}
