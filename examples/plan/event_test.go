package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/plancheck"
)

func TestParseEvent(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	date := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, berlin) }
	for _, tc := range []struct {
		in   string
		want plancheck.PlannedEvent
	}{
		{"x-ray@2027-03-03T09:00", plancheck.PlannedEvent{Activity: aftercare.XRay, From: date(2027, 3, 3, 9, 0)}},
		{"sauna@2027-03-06", plancheck.PlannedEvent{Activity: aftercare.Sauna, From: date(2027, 3, 6, 0, 0), Until: date(2027, 3, 7, 0, 0)}},
		{"sun-exposure@2027-03-05..2027-03-12", plancheck.PlannedEvent{Activity: aftercare.SunExposure, From: date(2027, 3, 5, 0, 0), Until: date(2027, 3, 13, 0, 0)}},
		{"pool@2027-03-05T16:00..2027-03-05T18:30", plancheck.PlannedEvent{Activity: aftercare.Pool, From: date(2027, 3, 5, 16, 0), Until: date(2027, 3, 5, 18, 30)}},
		{"exercise@2027-03-05T16:00..2027-03-06", plancheck.PlannedEvent{Activity: aftercare.Exercise, From: date(2027, 3, 5, 16, 0), Until: date(2027, 3, 7, 0, 0)}},
		{"dye-hair@2027-03-05..2027-03-05T12:00", plancheck.PlannedEvent{Activity: aftercare.DyeHair, From: date(2027, 3, 5, 0, 0), Until: date(2027, 3, 5, 12, 0)}},
		{"x-ray@2027-03-03T09:00..2027-03-03T09:00", plancheck.PlannedEvent{Activity: aftercare.XRay, From: date(2027, 3, 3, 9, 0), Until: date(2027, 3, 3, 9, 0)}},
		// Across the change to summer time the night of 28 March is an hour
		// shorter, and 02:30 that night is 03:30, as a session's time is.
		{"sauna@2027-03-27T22:00..2027-03-28T04:00", plancheck.PlannedEvent{Activity: aftercare.Sauna, From: date(2027, 3, 27, 22, 0), Until: date(2027, 3, 28, 4, 0)}},
		{"x-ray@2027-03-28T02:30", plancheck.PlannedEvent{Activity: aftercare.XRay, From: date(2027, 3, 28, 3, 30)}},
	} {
		e, err := parseEvent(tc.in)
		if err != nil {
			t.Errorf("parseEvent(%q): %v", tc.in, err)
			continue
		}
		tc.want.Name = tc.in
		if diff := cmp.Diff(tc.want, e.in(berlin)); diff != "" {
			t.Errorf("parseEvent(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	for _, in := range []string{
		"", "@", "x-ray", "x-ray@", "@2027-03-03", "X-Ray@2027-03-03", "x-ray 2027-03-03", "x-ray@2027-3-3",
		"x-ray@2027-03-03T9:00", "x-ray@2027-03-03T24:00", "x-ray@2027-03-03 09:00", "x-ray@2027-02-29",
		"sauna@2027-03-06..", "sauna@..2027-03-06", "sauna@2027-03-06..2027-03-05", "sauna@2027-03-06T10:00..2027-03-06T09:59",
		"sauna@2027-03-06..2027-03-07..2027-03-08", "sauna@9999-12-31", "sauna@2027-03-06..9999-12-31", "x-ray@2027-03-03T09:00Z",
	} {
		if e, err := parseEvent(in); err == nil {
			t.Errorf("parseEvent(%q) = %+v, want an error", in, e)
		}
	}
}

// However -event is written, parsing does not panic; an event it accepts
// names itself by what was written, and the plan check either takes it or
// rejects it naming the event (a span the clocks turn back in, the first
// instant of year 1 in UTC, which is time.Time's zero), which the planner
// reports as a bad -event.
func FuzzEvent(f *testing.F) {
	for _, s := range []string{"x-ray@2027-03-03T09:00", "sauna@2027-03-06", "sun-exposure@2027-03-05..2027-03-12",
		"pool@2027-03-05T16:00..2027-03-05T18:30", "exercise@2027-03-28T02:30..2027-03-28T03:10", "sauna@9999-12-30", "x-ray@0001-01-01T00:00", "@..", "a@b..c"} {
		f.Add(s)
	}
	zones := []*time.Location{time.UTC}
	for _, z := range []string{"Europe/Berlin", "America/Santiago", "Pacific/Apia", "Australia/Lord_Howe"} {
		loc, err := time.LoadLocation(z)
		if err != nil {
			f.Fatal(err)
		}
		zones = append(zones, loc)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64<<10 {
			return
		}
		e, err := parseEvent(s)
		if err != nil {
			if e.activity != 0 && !strings.Contains(s, "@") {
				t.Fatalf("parseEvent(%q): an activity without @", s)
			}
			return
		}
		if !strings.HasPrefix(s, e.activity.String()+"@") {
			t.Fatalf("parseEvent(%q): activity %s", s, e.activity)
		}
		for _, loc := range zones {
			pe := e.in(loc)
			_, err := plancheck.Plan{Aftercare: aftercare.DefaultPolicy(), Events: []plancheck.PlannedEvent{pe}}.Check()
			var fe *meso.FieldError
			switch {
			case pe.Name != s || pe.From.Location() != loc || pe.Activity != e.activity:
				t.Fatalf("parseEvent(%q).in(%s) = %+v", s, loc, pe)
			case err != nil && (!errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "events[0].")):
				t.Fatalf("parseEvent(%q).in(%s) = %+v: %v", s, loc, pe, err)
			case err == nil && (pe.From.IsZero() || (!pe.Until.IsZero() && pe.Until.Before(pe.From))):
				t.Fatalf("parseEvent(%q).in(%s) = %+v: accepted", s, loc, pe)
			}
		}
	})
}
