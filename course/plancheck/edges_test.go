package plancheck

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned; each says what it pins, and the commit that added it
// names the mutants.

// A plan's appointments out of order are an error that names the one before
// and its value; exactly schedule.MaxSessions appointments and MaxPlannedEvents
// planned events are not over a limit.
func TestPlanCheckOrderAndLimits(t *testing.T) {
	as := expand(t, schedule.Weekly, "2027-03-01", 0, calendarIn(t, "UTC"))
	p := aftercare.DefaultPolicy()
	swapped := slices.Clone(as)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	same := slices.Clone(as)
	same[2].Start = same[1].Start
	for _, tc := range []struct {
		name string
		as   []schedule.Appointment
		says string
	}{
		{"numbers", swapped, "not after appointments[1].n = 3"},
		{"starts", same, "not after appointments[1].start = 2027-03-08T10:00:00Z"},
	} {
		if _, err := (Plan{Appointments: tc.as, Aftercare: p}).Check(); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s out of order: %v, want it to say %q", tc.name, err, tc.says)
		}
	}

	many := make([]schedule.Appointment, schedule.MaxSessions)
	for i := range many {
		many[i] = schedule.Appointment{N: i + 1, Start: as[0].Start.Add(time.Duration(i) * 24 * time.Hour)}
	}
	events := make([]PlannedEvent, MaxPlannedEvents)
	for i := range events {
		events[i] = PlannedEvent{Name: "X-ray", Activity: aftercare.XRay, From: as[0].Start.Add(time.Duration(i) * 24 * time.Hour)}
	}
	if _, err := (Plan{Appointments: many, Aftercare: p, Events: events}).Check(); err != nil {
		t.Errorf("schedule.MaxSessions (%d) appointments and MaxPlannedEvents (%d) events: %v, want them checked", schedule.MaxSessions, MaxPlannedEvents, err)
	}
}

// A conflict gives a restriction's length as the sources do: whole weeks in
// days (cosmetic procedures, a week: S3).
func TestConflictMessageGivesAWeekInDays(t *testing.T) {
	as := expand(t, schedule.Weekly, "2027-03-01", 0, calendarIn(t, "UTC"))
	peel := PlannedEvent{Name: "facial peel", Activity: aftercare.CosmeticProcedures, From: as[0].Start.Add(48 * time.Hour)}
	cs, err := Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{peel}}.Check()
	if err != nil {
		t.Fatal(err)
	}
	want := "facial peel (at Wed 2027-03-03 10:00 UTC) falls where cosmetic-procedures is restricted for 7 days after the end of session 1, until Mon 2027-03-08 10:45 UTC: at that instant"
	if len(cs) == 0 || cs[0].Kind != EventInWindow || cs[0].Message != want {
		t.Errorf("conflicts %+v\nwant first an event-in-window saying\n%s", cs, want)
	}
}

// appendSpan writes a span in days, hours and minutes, and one under a
// minute as time.Duration does.
func TestAppendSpan(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "30s"},
		{time.Minute, "1 min"},
		{time.Hour + time.Minute, "1 h 1 min"},
		{58 * time.Hour, "2 d 10 h"},
	} {
		if got := string(appendSpan(nil, tc.d)); got != tc.want {
			t.Errorf("appendSpan(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
