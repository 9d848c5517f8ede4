package ics_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

// The tests in this file pin what mutation testing (MUTATION.md) found
// unpinned in the calendar export.

// Values at the edges of what Write accepts are written: a zone name made
// of the first and last letters and digits, a title of exactly MaxNameLen
// bytes, sessions in the years 1 and 9999.
func TestWriteICSAcceptsTheEdges(t *testing.T) {
	plan := icsPlan(t, schedule.Weekly, "Europe/Berlin", "2027-03-01", 10, 0)
	ok := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp}
	for _, c := range []struct {
		name string
		as   []schedule.Appointment
		opts func(*ics.Options)
	}{
		{"zone name of a, z, A, Z, 0, 9 and the marks", plan, func(o *ics.Options) { o.Zone = time.FixedZone("aAzZ09-._/+", 3600) }},
		{"domain of a, z, A, Z, 0, 9", plan, func(o *ics.Options) { o.UIDDomain = "az.AZ-09" }},
		{"title of MaxNameLen bytes", plan, func(o *ics.Options) { o.Title = strings.Repeat("t", meso.MaxNameLen) }},
		{"a session in year 1", []schedule.Appointment{{N: 1, Start: time.Date(1, 1, 1, 10, 0, 0, 0, time.UTC)}}, func(*ics.Options) {}},
		{"a session in year 9999", []schedule.Appointment{{N: 1, Start: time.Date(9999, 12, 31, 10, 0, 0, 0, time.UTC)}}, func(*ics.Options) {}},
	} {
		opts := ok
		c.opts(&opts)
		if err := ics.Write(&bytes.Buffer{}, c.as, opts); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// Each session's description ends with the aftercare summary of that
// session: the first one's, with what only a first session needs, on the
// first and on no other. The aftercare events come in order of their start
// (then of their end) and do not name the policy they follow: its name
// means nothing to a patient.
func TestWriteICSAftercareDetails(t *testing.T) {
	// Every 2-3 days: the second session's short windows end before the
	// first one's long ones, so start order and end order differ.
	plan := icsPlan(t, schedule.Every2to3Days, "Europe/Berlin", "2027-03-01", 10, 0)[:3]
	policy := aftercare.DefaultPolicy()
	opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: policy}
	p := icsParse(t, icsWrite(t, plan, opts))

	sessions := p.sessions(t, "Scalp mesotherapy")
	if len(sessions) != len(plan) {
		t.Fatalf("%d session events for %d appointments", len(sessions), len(plan))
	}
	for _, a := range plan {
		desc := icsLines(icsProp(&sessions[a.N].ComponentBase, goical.ComponentPropertyDescription))
		want := strings.TrimSuffix(policy.Summary(a.Start, a.N == 1), "\n")
		if !strings.HasSuffix(desc, "\n\n"+want) {
			t.Errorf("session %d: description does not end with its aftercare summary (first %v):\n%s\nwant the end:\n%s", a.N, a.N == 1, desc, want)
		}
	}

	var starts, ends []time.Time
	for _, e := range p.events {
		if !strings.HasPrefix(icsProp(&e.ComponentBase, goical.ComponentPropertySummary), "No ") {
			continue
		}
		from, _ := p.instant(t, e, goical.ComponentPropertyDtStart, "Europe/Berlin")
		until, _ := p.instant(t, e, goical.ComponentPropertyDtEnd, "Europe/Berlin")
		starts, ends = append(starts, from), append(ends, until)
		if desc := icsLines(icsProp(&e.ComponentBase, goical.ComponentPropertyDescription)); strings.Contains(desc, policy.Name()) || strings.Contains(desc, "policy") {
			t.Errorf("aftercare event from %s: description names the policy %q:\n%s", from, policy.Name(), desc)
		}
	}
	if len(starts) < 2 {
		t.Fatalf("%d aftercare events; want several", len(starts))
	}
	unordered := false
	for i := 1; i < len(starts); i++ {
		if c := starts[i-1].Compare(starts[i]); c > 0 || c == 0 && ends[i-1].After(ends[i]) {
			t.Errorf("aftercare event %d (%s until %s) after event %d (%s until %s)", i-1, starts[i-1], ends[i-1], i, starts[i], ends[i])
		}
		unordered = unordered || ends[i-1].After(ends[i])
	}
	if !unordered {
		t.Errorf("the aftercare events end in the order they start: the plan does not tell start order from end order")
	}
}
