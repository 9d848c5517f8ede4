package ics_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved:
// Options with its zone by name and its durations as in 45m0s, Previous as
// its appointments and sequence, each checked as Write checks them.
func TestJSONRoundTrip(t *testing.T) {
	as := icsPlan(t, schedule.Weekly, "Europe/Berlin", "2027-03-01", 10, 0)
	prev := &ics.Previous{Appointments: as[:3], Sequence: 2}
	opts := ics.Options{UIDDomain: "calendar.clinic.example", Course: "c-17", Stamp: icsStamp,
		Zone: icsZone(t, "Europe/Berlin"), Length: 30 * time.Minute, Title: "Meso", Place: "Clinic North, Main St 1",
		Note: "Call 555-0100 to move a session.", Reminder: 24 * time.Hour, Aftercare: aftercare.DefaultPolicy(),
		TestInjection: as[0].Start.Add(-24 * time.Hour), Previous: prev}
	samples := []jsontest.Sample{
		{Type: "Options", Value: opts},
		{Type: "Options (the least Write takes)", Value: ics.Options{UIDDomain: "calendar.clinic.example", Course: "c-17", Stamp: icsStamp}},
		{Type: "Options (in UTC)", Value: ics.Options{UIDDomain: "calendar.clinic.example", Course: "c-17", Stamp: icsStamp, Zone: time.UTC}},
		{Type: "Previous", Value: *prev},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
			cmp.Comparer(time.Time.Equal), // an instant; RFC 3339 keeps its offset, not its zone's name
			cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }))
	})
	// What Write takes from the options read back, it writes the same.
	data, err := json.Marshal(opts)
	if err != nil {
		t.Fatal(err)
	}
	var back ics.Options
	if err := strictjson.Decode(data, &back); err != nil {
		t.Fatal(err)
	}
	if a, b := icsWrite(t, as, opts), icsWrite(t, as, back); a != b {
		t.Errorf("the options read back write another calendar")
	}
}

// What the JSON forms refuse, they refuse clearly.
func TestJSONRefusals(t *testing.T) {
	var fe *meso.FieldError
	for name, o := range map[string]ics.Options{
		"Options{}":             {},
		"a zone with no name":   {UIDDomain: "c.example", Course: "c", Stamp: icsStamp, Zone: time.FixedZone("", 3600)},
		"the machine's zone":    {UIDDomain: "c.example", Course: "c", Stamp: icsStamp, Zone: time.Local},
		"a length in ms":        {UIDDomain: "c.example", Course: "c", Stamp: icsStamp, Length: time.Millisecond},
		"a previous of nothing": {UIDDomain: "c.example", Course: "c", Stamp: icsStamp, Previous: &ics.Previous{}},
	} {
		if _, err := json.Marshal(o); !errors.As(err, &fe) {
			t.Errorf("json.Marshal(%s) = %v, want a *meso.FieldError", name, err)
		}
	}
	for _, tc := range []struct {
		name, field string
		v           any
		doc         string
	}{
		{"no stamp", "stamp", new(ics.Options), `{"uid_domain": "c.example", "course": "c"}`},
		{"an unknown zone", "zone", new(ics.Options), `{"uid_domain": "c.example", "course": "c", "stamp": "2027-02-20T09:30:00Z", "zone": "Mars/Olympus"}`},
		{"a malformed length", "length", new(ics.Options), `{"uid_domain": "c.example", "course": "c", "stamp": "2027-02-20T09:30:00Z", "length": "45 minutes"}`},
		{"a reminder too early", "reminder", new(ics.Options), `{"uid_domain": "c.example", "course": "c", "stamp": "2027-02-20T09:30:00Z", "reminder": "999h"}`},
		{"a folded key", "UIDDomain", new(ics.Options), `{"UIDDomain": "c.example"}`},
		{"a negative sequence", "sequence", new(ics.Previous), `{"appointments": [{"n": 1, "start": "2027-03-01T10:00:00Z", "phase": "main", "earliest": "2027-03-01", "latest": "2027-03-01"}], "sequence": -1}`},
		{"no appointments", "appointments", new(ics.Previous), `{"appointments": [], "sequence": 0}`},
	} {
		err := strictjson.Decode([]byte(tc.doc), tc.v)
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: decoding into %T = %v, want a *meso.FieldError at %s", tc.name, tc.v, err, tc.field)
		}
	}
}
