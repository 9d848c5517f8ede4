package plancheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/screening"
)

// expand plans a course of the protocol id whose first session is on first
// in cal (pinned there as a performed session, whatever the day before it:
// these tests are about checking plans, and keep the cadence they were
// written for), or fails.
func expand(t testing.TB, id, first string, sessions int, cal clinic.Calendar) []schedule.Appointment {
	t.Helper()
	p, err := schedule.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	h, m := cal.TimeOfDay()
	as, err := p.Reschedule([]time.Time{daytest.Date(t, first).At(h, m, cal.Location())}, meso.Date{}, sessions, cal)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func calendarIn(t testing.TB, zone string) clinic.Calendar {
	t.Helper()
	cal, err := clinic.NewCalendar(daytest.Zone(t, zone), 10, 0, clinic.WeekdaysOf(time.Sunday))
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func check(t testing.TB, p Plan) []Conflict {
	t.Helper()
	cs, err := p.Check()
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return cs
}

// at is an instant written RFC 3339.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// pinned is what a table test pins of one conflict.
type pinned struct {
	Kind                          ConflictKind
	From, Until                   string
	PlannedKind, RestrictionKind  SideKind
	PlannedSessions, Sessions     []int
	Instruction                   string
	Activity                      aftercare.Activity
	PlannedSources, Sources       []string
	PlannedFrom, PlannedUntil     string
	RestrictionFrom, RestrictionU string
	Rules                         []string
	PolicyDefault                 bool
	Message                       string // a part of the message
}

func pin(c Conflict, message string) pinned {
	f := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	activity := c.Restriction.Activity
	if activity == 0 {
		activity = c.Planned.Activity
	}
	if message == "" || !strings.Contains(c.Message, message) {
		message = c.Message
	}
	return pinned{
		Kind: c.Kind, From: f(c.From), Until: f(c.Until),
		PlannedKind: c.Planned.Kind, RestrictionKind: c.Restriction.Kind,
		PlannedSessions: c.Planned.Sessions, Sessions: c.Restriction.Sessions,
		Instruction: c.Planned.Instruction + c.Restriction.Instruction, Activity: activity,
		PlannedSources: c.Planned.Sources, Sources: c.Restriction.Sources,
		PlannedFrom: f(c.Planned.From), PlannedUntil: f(c.Planned.Until),
		RestrictionFrom: f(c.Restriction.From), RestrictionU: f(c.Restriction.Until),
		Rules: c.Restriction.Rules, PolicyDefault: c.Restriction.PolicyDefault || c.Planned.PolicyDefault,
		Message: message,
	}
}

// The conflicts the issue names, pinned to the sources of each side.
func TestCheckAgainstSources(t *testing.T) {
	berlin := calendarIn(t, "Europe/Berlin")
	utc := calendarIn(t, "UTC")

	t.Run("every-2-3-days: washing the day before inside the 72 h no-washing window", func(t *testing.T) {
		// S1's cadence; S0 and S4 ask for the hair washed the day before;
		// S2 forbids washing for 48-72 hours, and the default takes 72.
		as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, berlin)
		cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy()})
		if len(cs) != len(as)-1 {
			t.Errorf("%d conflicts, want one before each session after the first (%d)", len(cs), len(as)-1)
		}
		want := pinned{
			Kind: RequirementInWindow, From: "2027-03-02T00:00:00+01:00", Until: "2027-03-03T00:00:00+01:00",
			PlannedKind: StepSide, RestrictionKind: WindowSide, PlannedSessions: []int{2}, Sessions: []int{1},
			Instruction: "wash-hair-day-before", Activity: aftercare.WashHair,
			PlannedSources: []string{meso.S0, meso.S4}, Sources: []string{meso.S2},
			PlannedFrom: "2027-03-02T00:00:00+01:00", PlannedUntil: "2027-03-03T00:00:00+01:00",
			// The sessions every 2-3 days make one window of the whole course.
			RestrictionFrom: "2027-03-01T10:00:00+01:00", RestrictionU: as[len(as)-1].Start.Add(45*time.Minute + 72*time.Hour).Format(time.RFC3339),
			Message: "session 2 (Wed 2027-03-03 10:00 CET) asks for wash-hair-day-before on Tue 2027-03-02, but wash-hair is restricted for 72 h after the end of session 1, until Thu 2027-03-04 10:45 CET: all of it is blocked",
		}
		if diff := cmp.Diff(want, pin(cs[0], want.Message)); diff != "" {
			t.Errorf("first conflict (-want +got):\n%s", diff)
		}
		// Friday's session asks for washing on Thursday, inside the windows
		// of Monday's and Wednesday's sessions.
		if diff := cmp.Diff([]int{1, 2}, cs[1].Restriction.Sessions); diff != "" {
			t.Errorf("second conflict's sessions (-want +got):\n%s", diff)
		}
		// Across the change to summer time, 72 hours from the end of
		// Friday's 45-minute session at 10:00 CET end on Monday at 11:45 CEST.
		i := slices.IndexFunc(cs, func(c Conflict) bool { return c.Planned.Sessions[0] == 13 })
		if i < 0 || !strings.Contains(cs[i].Message, "after the end of session 12, until Mon 2027-03-29 11:45 CEST") {
			t.Errorf("session 13: %+v", cs[i])
		}
	})

	t.Run("every-2-3-days under the shortest stated policy: partly blocked", func(t *testing.T) {
		// S4's 24 hours after a 20-minute session (S4) end on Tuesday at
		// 10:20; washing on Tuesday is still possible after that, but not
		// all day.
		as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, utc)
		cs := check(t, Plan{Appointments: as, Aftercare: aftercare.ShortestStatedPolicy()})
		want := pinned{
			Kind: RequirementInWindow, From: "2027-03-02T00:00:00Z", Until: "2027-03-02T10:20:00Z",
			PlannedKind: StepSide, RestrictionKind: WindowSide, PlannedSessions: []int{2}, Sessions: []int{1},
			Instruction: "wash-hair-day-before", Activity: aftercare.WashHair,
			PlannedSources: []string{meso.S0, meso.S4}, Sources: []string{meso.S4},
			PlannedFrom: "2027-03-02T00:00:00Z", PlannedUntil: "2027-03-03T00:00:00Z",
			RestrictionFrom: "2027-03-01T10:00:00Z", RestrictionU: "2027-03-02T10:20:00Z",
			Message: "blocked from Tue 2027-03-02 00:00 UTC until Tue 2027-03-02 10:20 UTC, 10 h 20 min of its 1 d",
		}
		if diff := cmp.Diff(want, pin(cs[0], want.Message)); diff != "" {
			t.Errorf("first conflict (-want +got):\n%s", diff)
		}
	})

	t.Run("weekly: no washing conflict", func(t *testing.T) {
		as := expand(t, schedule.Weekly, "2027-03-01", 0, berlin)
		if cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy()}); len(cs) != 0 {
			t.Errorf("a weekly course has conflicts: %v", cs)
		}
	})

	t.Run("an X-ray two days after a session, inside S1's 3 days", func(t *testing.T) {
		as := expand(t, schedule.Weekly, "2027-03-01", 0, utc)
		events := []PlannedEvent{
			{Name: "dental X-ray", Activity: aftercare.XRay, From: at(t, "2027-03-03T09:00:00Z")},
			{Name: "X-ray at 72 hours", Activity: aftercare.XRay, From: at(t, "2027-03-11T10:45:00Z")}, // the window is over: 72 h after the 45-minute session
			{Name: "chest X-ray", Activity: aftercare.XRay, From: at(t, "2027-03-18T10:44:59Z")},       // one second before it ends
		}
		cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: events})
		var got []pinned
		for _, c := range cs {
			got = append(got, pin(c, ""))
		}
		want := []pinned{{
			Kind: EventInWindow, From: "2027-03-03T09:00:00Z", Until: "2027-03-03T09:00:00Z",
			PlannedKind: EventSide, RestrictionKind: WindowSide, Sessions: []int{1}, Activity: aftercare.XRay,
			PlannedSources: []string{}, Sources: []string{meso.S1},
			PlannedFrom: "2027-03-03T09:00:00Z", PlannedUntil: "2027-03-03T09:00:00Z",
			RestrictionFrom: "2027-03-01T10:00:00Z", RestrictionU: "2027-03-04T10:45:00Z",
			Message: "dental X-ray (at Wed 2027-03-03 09:00 UTC) falls where x-ray is restricted for 72 h after the end of session 1, until Thu 2027-03-04 10:45 UTC: at that instant",
		}, {
			Kind: EventInWindow, From: "2027-03-18T10:44:59Z", Until: "2027-03-18T10:44:59Z",
			PlannedKind: EventSide, RestrictionKind: WindowSide, Sessions: []int{3}, Activity: aftercare.XRay,
			PlannedSources: []string{}, Sources: []string{meso.S1},
			PlannedFrom: "2027-03-18T10:44:59Z", PlannedUntil: "2027-03-18T10:44:59Z",
			RestrictionFrom: "2027-03-15T10:00:00Z", RestrictionU: "2027-03-18T10:45:00Z",
			Message: "chest X-ray (at Thu 2027-03-18 10:44 UTC) falls where x-ray is restricted for 72 h after the end of session 3, until Thu 2027-03-18 10:45 UTC: at that instant",
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("conflicts (-want +got):\n%s", diff)
		}
	})

	t.Run("a week at the sea: sun before a session and inside its window", func(t *testing.T) {
		as := expand(t, schedule.Weekly, "2027-03-01", 0, utc)
		sea := PlannedEvent{Name: "the sea", Activity: aftercare.SunExposure, From: at(t, "2027-03-05T00:00:00Z"), Until: at(t, "2027-03-07T12:00:00Z")}
		cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{sea}})
		var got []pinned
		for _, c := range cs {
			got = append(got, pin(c, ""))
		}
		// S2: no sunbathing before a session, with no span stated (meso's
		// default: from the day before); S2 again for the 72 hours after.
		want := []pinned{{
			Kind: EventBeforeSession, From: "2027-03-07T00:00:00Z", Until: "2027-03-07T12:00:00Z",
			PlannedKind: EventSide, RestrictionKind: StepSide, Sessions: []int{2}, Instruction: "no-sunbathing-before",
			Activity: aftercare.SunExposure, PlannedSources: []string{}, Sources: []string{meso.S2},
			PlannedFrom: "2027-03-05T00:00:00Z", PlannedUntil: "2027-03-07T12:00:00Z",
			RestrictionFrom: "2027-03-07T00:00:00Z", RestrictionU: "2027-03-08T10:00:00Z", PolicyDefault: true,
			Message: "the sea (from Fri 2027-03-05 00:00 UTC until Sun 2027-03-07 12:00 UTC) falls inside no-sunbathing-before, from Sun 2027-03-07 00:00 UTC until the session, before session 2 (Mon 2027-03-08 10:00 UTC): blocked from Sun 2027-03-07 00:00 UTC until Sun 2027-03-07 12:00 UTC, 12 h of its 2 d 12 h",
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("conflicts (-want +got):\n%s", diff)
		}
		sea.From, sea.Until = at(t, "2027-03-03T00:00:00Z"), at(t, "2027-03-06T00:00:00Z")
		cs = check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{sea}})
		if len(cs) != 1 || cs[0].Kind != EventInWindow || !cs[0].From.Equal(sea.From) || !cs[0].Until.Equal(at(t, "2027-03-04T10:45:00Z")) ||
			!strings.Contains(cs[0].Message, "1 d 10 h 45 min of its 3 d") || !slices.Equal(cs[0].Restriction.Sources, []string{meso.S2}) {
			t.Errorf("sun from 3 to 6 March after a session on the 1st: %+v", cs)
		}
	})

	t.Run("anticoagulants: a deferral hits the first sessions (S2)", func(t *testing.T) {
		as := expand(t, schedule.TwiceWeekly, "2027-03-01", 0, berlin)
		in := screening.Intake{BirthDate: daytest.Date(t, "1990-04-12"),
			Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: daytest.Date(t, "2027-02-26")}}}
		cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Intake: &in})
		var got []pinned
		for _, c := range cs {
			if c.Kind == AppointmentDeferred { // twice weekly has washing conflicts too
				got = append(got, pin(c, ""))
			}
		}
		// A last dose on 26 February defers through 7 March; 8 March is
		// the first clear day, as 11 January is after a dose on 1 January.
		defer1 := pinned{
			Kind: AppointmentDeferred, From: "2027-03-01T10:00:00+01:00", Until: "2027-03-01T10:00:00+01:00",
			PlannedKind: AppointmentSide, RestrictionKind: ScreeningSide, PlannedSessions: []int{1},
			PlannedSources: []string{}, Sources: []string{meso.S1, meso.S2, meso.S3}, Rules: []string{"anticoagulant"},
			PlannedFrom: "2027-03-01T10:00:00+01:00", PlannedUntil: "2027-03-01T10:00:00+01:00",
			RestrictionFrom: "2027-03-01T00:00:00+01:00", RestrictionU: "2027-03-08T00:00:00+01:00",
			Message: "session 1 (Mon 2027-03-01 10:00 CET): screening defers the patient on 2027-03-01 until 2027-03-08, the first day a session may go ahead (anticoagulant)",
		}
		defer2 := defer1
		defer2.From, defer2.Until, defer2.PlannedFrom, defer2.PlannedUntil = "2027-03-04T10:00:00+01:00", "2027-03-04T10:00:00+01:00", "2027-03-04T10:00:00+01:00", "2027-03-04T10:00:00+01:00"
		defer2.PlannedSessions, defer2.RestrictionFrom = []int{2}, "2027-03-04T00:00:00+01:00"
		defer2.Message = "session 2 (Thu 2027-03-04 10:00 CET): screening defers the patient on 2027-03-04 until 2027-03-08, the first day a session may go ahead (anticoagulant)"
		if as[1].Start.Format(time.RFC3339) != "2027-03-04T10:00:00+01:00" || as[2].Start.Before(at(t, "2027-03-08T00:00:00+01:00")) {
			t.Fatalf("the course is not as the test assumes: %v", as[:3])
		}
		if diff := cmp.Diff([]pinned{defer1, defer2}, got); diff != "" {
			t.Errorf("conflicts (-want +got):\n%s", diff)
		}
	})

	// S2's "after 65 years" at its strictest reading: from the 65th
	// birthday (issue 16; this case turned 66 before).
	t.Run("turning 65 during a course: refused from the birthday (S2)", func(t *testing.T) {
		as := expand(t, schedule.Weekly, "2027-03-01", 0, utc)
		in := screening.Intake{BirthDate: daytest.Date(t, "1962-03-20")}
		cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Intake: &in})
		if len(cs) == 0 || cs[0].Kind != AppointmentRefused || cs[0].Planned.Sessions[0] != 4 ||
			!slices.Equal(cs[0].Restriction.Rules, []string{"age-65-or-over"}) || !slices.Equal(cs[0].Restriction.Sources, []string{meso.S2}) ||
			!cs[0].Restriction.Until.IsZero() || len(cs) != len(as)-3 {
			t.Errorf("conflicts: %+v", cs)
		}
	})
}

// Check rejects bad input with a *FieldError naming the field and the value.
func TestCheckRejects(t *testing.T) {
	as := expand(t, schedule.Weekly, "2027-03-01", 0, calendarIn(t, "UTC"))
	p := aftercare.DefaultPolicy()
	swapped := slices.Clone(as)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	renumbered := slices.Clone(as)
	renumbered[3].N = 3
	same := slices.Clone(as)
	same[2].Start = same[1].Start
	zero := slices.Clone(as)
	zero[0].Start = time.Time{}
	unnumbered := slices.Clone(as)
	unnumbered[0].N = 0
	many := make([]schedule.Appointment, schedule.MaxSessions+1)
	for i := range many {
		many[i] = schedule.Appointment{N: i + 1, Start: as[0].Start.Add(time.Duration(i) * 24 * time.Hour)}
	}
	good := PlannedEvent{Activity: aftercare.XRay, From: as[0].Start}
	bad := func(f func(e *PlannedEvent)) []PlannedEvent {
		e := good
		f(&e)
		return []PlannedEvent{good, e}
	}
	intake := screening.Intake{BirthDate: daytest.Date(t, "1990-04-12")}
	unborn := screening.Intake{BirthDate: daytest.Date(t, "2027-03-10")}
	badIntake := screening.Intake{BirthDate: daytest.Date(t, "1990-04-12"), Allergies: []string{"unobtainium"}}
	for _, tc := range []struct {
		name         string
		plan         Plan
		field, value string
		sentinel     error
	}{
		{"zero plan", Plan{}, "aftercare", "", meso.ErrMissing},
		{"nil policy", Plan{Appointments: as}, "aftercare", "", meso.ErrMissing},
		{"out of order", Plan{Appointments: swapped, Aftercare: p}, "appointments[2].n", "2", meso.ErrInvalid},
		{"numbers out of order", Plan{Appointments: renumbered, Aftercare: p}, "appointments[3].n", "3", meso.ErrInvalid},
		{"same start", Plan{Appointments: same, Aftercare: p}, "appointments[2].start", "2027-03-08T10:00:00Z", meso.ErrInvalid},
		{"no start", Plan{Appointments: zero, Aftercare: p}, "appointments[0].start", "", meso.ErrMissing},
		{"number 0", Plan{Appointments: unnumbered, Aftercare: p}, "appointments[0].n", "0", meso.ErrInvalid},
		{"too many", Plan{Appointments: many, Aftercare: p}, "appointments", "301", meso.ErrTooLarge},
		{"options without intake", Plan{Appointments: as, Aftercare: p, Screening: screening.Options{Preparation: "greying-cocktail"}}, "screening", "", meso.ErrInvalid},
		{"unknown preparation", Plan{Appointments: as, Aftercare: p, Intake: &intake, Screening: screening.Options{Preparation: "snake-oil"}},
			"screening.preparation", "snake-oil", meso.ErrUnknown},
		{"unknown allergy", Plan{Appointments: as, Aftercare: p, Intake: &badIntake}, "screening.allergies[0]", "unobtainium", meso.ErrUnknown},
		{"bad intake", Plan{Appointments: as, Aftercare: p, Intake: &screening.Intake{}}, "screening.birth_date", "", meso.ErrMissing},
		{"born after an appointment", Plan{Appointments: as, Aftercare: p, Intake: &unborn}, "appointments[0].start", "2027-03-01", meso.ErrInvalid},
		{"too many events", Plan{Appointments: as, Aftercare: p, Events: make([]PlannedEvent, MaxPlannedEvents+1)}, "events", "101", meso.ErrTooLarge},
		{"no activity", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Activity = 0 })}, "events[1].activity", "Activity(0)", meso.ErrUnknown},
		{"unknown activity", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Activity = 200 })}, "events[1].activity", "Activity(200)", meso.ErrUnknown},
		{"no start", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.From = time.Time{} })}, "events[1].from", "", meso.ErrMissing},
		{"end before start", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Until = e.From.Add(-time.Nanosecond) })},
			"events[1].until", "2027-03-01T09:59:59.999999999Z", meso.ErrInvalid},
		{"too long", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Until = e.From.Add((MaxEventDays*24 + 1) * time.Hour) })},
			"events[1].until", "2028-03-01T11:00:00Z", meso.ErrTooLarge},
		{"control character", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Name = "x\nray" })}, "events[1].name", "x\nray", meso.ErrInvalid},
		{"blank name", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Name = "  " })}, "events[1].name", "  ", meso.ErrMissing},
		{"long name", Plan{Appointments: as, Aftercare: p, Events: bad(func(e *PlannedEvent) { e.Name = strings.Repeat("x", meso.MaxNameLen+1) })},
			"events[1].name", strings.Repeat("x", meso.MaxNameLen+1), meso.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := tc.plan.Check()
			var fe *meso.FieldError
			if !errors.As(err, &fe) || cs != nil {
				t.Fatalf("Check = %v, %v; want a *FieldError", cs, err)
			}
			if fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, tc.sentinel) {
				t.Errorf("error %q: field %q value %q; want %q, %q wrapping %v", err, fe.Field, fe.Value, tc.field, tc.value, tc.sentinel)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q does not name %s", err, tc.field)
			}
		})
	}
}

// Steps with no instant meet nothing: "no dyeing on the day" (S1's span,
// which a clinic sets in place of the default's day before) before a
// session at midnight ends as it starts, and "wash the day before" has no
// day before a session on 31 December 2011 in Samoa, which skipped the 30th.
func TestCheckEmptySteps(t *testing.T) {
	midnight, err := clinic.NewCalendar(time.UTC, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	as := expand(t, schedule.Weekly, "2027-03-01", 0, midnight)
	dye := PlannedEvent{Name: "dye", Activity: aftercare.DyeHair, From: at(t, "2027-02-28T22:00:00Z"), Until: at(t, "2027-03-01T02:00:00Z")}
	onTheDay, err := aftercare.NewPolicy("dye-on-the-day", nil, []aftercare.Lead{{Instruction: "no-dyeing-before", Days: 0, Sources: []string{meso.S1}}})
	if err != nil {
		t.Fatal(err)
	}
	cs := check(t, Plan{Appointments: as, Aftercare: onTheDay, Events: []PlannedEvent{dye}})
	if len(cs) != 1 || cs[0].Kind != EventInWindow || !cs[0].From.Equal(as[0].Start) {
		t.Errorf("dyeing around a session at midnight: want only the window after it, got %v", cs)
	}

	apia, err := clinic.NewCalendar(daytest.Zone(t, "Pacific/Apia"), 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	daily := schedule.Protocol{ID: "daily", Name: "Daily", Phases: []schedule.Phase{{Name: "main", Gap: schedule.Gap{Min: 1, Preferred: 1, Max: 1}}}, Sessions: schedule.Count{Min: 4, Max: 4, Default: 4}, Sources: []string{"test"}}
	as, err = daily.Expand(daytest.Date(t, "2011-12-27"), 0, apia)
	if err != nil {
		t.Fatal(err)
	}
	cs = check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy()})
	var sessions []int
	for _, c := range cs {
		sessions = append(sessions, c.Planned.Sessions[0])
	}
	// Samoa skipped 30 December 2011: the day before session 4 on the 31st
	// is the 29th, a day the patient lives through (aftercare.Policy.Steps),
	// and inside the windows of the sessions before, as for 2 and 3.
	if meso.DateOf(as[3].Start) != daytest.Date(t, "2011-12-31") || !slices.Equal(sessions, []int{2, 3, 4}) {
		t.Errorf("sessions %v: requirements in conflict before sessions %v, want 2, 3 and 4", as, sessions)
	}
}

// Limits that are not errors (MaxEventDays exactly, an event given as an
// instant by Until equal to From, a plan without appointments), and the zero
// aftercare policy, which is.
func TestCheckEdges(t *testing.T) {
	as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(t, "UTC"))
	long := PlannedEvent{Activity: aftercare.Sauna, From: as[0].Start, Until: as[0].Start.Add(MaxEventDays * 24 * time.Hour)}
	point := PlannedEvent{Activity: aftercare.XRay, From: as[0].Start.Add(time.Hour), Until: as[0].Start.Add(time.Hour)}
	cs := check(t, Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{long, point}})
	x := slices.IndexFunc(cs, func(c Conflict) bool { return c.Planned.Activity == aftercare.XRay })
	if x < 0 || !cs[x].From.Equal(point.From) || !cs[x].Until.Equal(point.From) || !cs[x].Planned.Until.Equal(point.From) {
		t.Errorf("an event with Until equal to From is an instant: %+v", cs)
	}
	if cs := check(t, Plan{Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{long}}); cs != nil {
		t.Errorf("no appointments: %v", cs)
	}
	// The zero aftercare policy restricts nothing: a check against it would
	// find no conflict without saying why, so it is refused.
	if _, err := (Plan{Appointments: as, Aftercare: &aftercare.Policy{}, Events: []PlannedEvent{long}}).Check(); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Check with the zero aftercare policy = %v, want ErrMissing", err)
	}
	if _, err := (Conflict{}).MarshalJSON(); err == nil {
		t.Error("the zero Conflict has a JSON form")
	}
	if _, err := (Conflict{Kind: EventInWindow}).MarshalJSON(); err == nil {
		t.Error("a Conflict whose sides have no kind has a JSON form")
	}
}

func TestConflictKindText(t *testing.T) {
	for k := ConflictKind(1); k < numConflictKinds; k++ {
		text, err := k.MarshalText()
		var back ConflictKind
		if err != nil || back.UnmarshalText(text) != nil || back != k || k.String() != string(text) {
			t.Errorf("%d: %q, %v, back %v", k, text, err, back)
		}
	}
	var k ConflictKind
	if err := k.UnmarshalText([]byte("clash")); !errors.Is(err, meso.ErrUnknown) || k != 0 {
		t.Errorf("UnmarshalText(clash) = %v, kind %v", err, k)
	}
	if _, err := ConflictKind(0).MarshalText(); err == nil {
		t.Error("the zero kind has a text")
	}
	for k := StepSide; k <= EventSide; k++ {
		text, err := k.MarshalText()
		var back SideKind
		if err != nil || back.UnmarshalText(text) != nil || back != k {
			t.Errorf("side %d: %q, %v", k, text, err)
		}
	}
}

func TestConflictJSON(t *testing.T) {
	as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(t, "Europe/Berlin"))
	in := screening.Intake{BirthDate: daytest.Date(t, "1990-04-12"), Conditions: []screening.Condition{screening.AcuteIllness}}
	cs := check(t, Plan{Appointments: as[:3], Aftercare: aftercare.DefaultPolicy(), Intake: &in,
		Events: []PlannedEvent{{Activity: aftercare.XRay, From: as[0].Start.Add(time.Hour)}}})
	data, err := json.Marshal(cs[:3])
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	msg := func(i int) any { return cs[i].Message }
	want := []map[string]any{{
		"kind": "appointment-deferred", "message": msg(0), "from": "2027-03-01T10:00:00+01:00", "until": "2027-03-01T10:00:00+01:00",
		"planned": map[string]any{"kind": "appointment", "sessions": []any{1.0}, "from": "2027-03-01T10:00:00+01:00", "until": "2027-03-01T10:00:00+01:00", "sources": []any{}},
		"restriction": map[string]any{"kind": "screening", "verdict": "deferred", "rules": []any{"acute-illness"},
			"from": "2027-03-01T00:00:00+01:00", "until": nil, "sources": []any{meso.S2, meso.S4}},
	}, {
		"kind": "event-in-window", "message": msg(1), "from": "2027-03-01T11:00:00+01:00", "until": "2027-03-01T11:00:00+01:00",
		"planned": map[string]any{"kind": "event", "event": "x-ray", "activity": "x-ray", "from": "2027-03-01T11:00:00+01:00", "until": "2027-03-01T11:00:00+01:00", "sources": []any{}},
		"restriction": map[string]any{"kind": "window", "sessions": []any{1.0}, "activity": "x-ray",
			"from": "2027-03-01T10:00:00+01:00", "until": "2027-03-08T10:45:00+01:00", "sources": []any{meso.S1}},
	}, {
		"kind": "requirement-in-window", "message": msg(2), "from": "2027-03-02T00:00:00+01:00", "until": "2027-03-03T00:00:00+01:00",
		"planned": map[string]any{"kind": "step", "sessions": []any{2.0}, "instruction": "wash-hair-day-before", "activity": "wash-hair",
			"from": "2027-03-02T00:00:00+01:00", "until": "2027-03-03T00:00:00+01:00", "sources": []any{meso.S0, meso.S4}},
		"restriction": map[string]any{"kind": "window", "sessions": []any{1.0}, "activity": "wash-hair",
			"from": "2027-03-01T10:00:00+01:00", "until": "2027-03-08T10:45:00+01:00", "sources": []any{meso.S2}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
	if !strings.Contains(cs[0].Message, "with no end date known (acute-illness)") {
		t.Errorf("message %q does not say the deferral has no known end", cs[0].Message)
	}
}

// The slices of one conflict do not share memory with another's, so that a
// caller may change what it was given.
func TestConflictsDoNotShare(t *testing.T) {
	as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(t, "UTC"))
	plan := Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy()}
	cs := check(t, plan)
	want := check(t, plan)
	for i := range cs {
		cs[i].Planned.Sessions = append(cs[i].Planned.Sessions, -1)
		cs[i].Restriction.Sessions = append(cs[i].Restriction.Sessions, -1)
		cs[i].Planned.Sources = append(cs[i].Planned.Sources, "mine")
		cs[i].Restriction.Sources[0] = "changed"
	}
	for i := range cs {
		if got := cs[i].Planned.Sessions; len(got) != len(want[i].Planned.Sessions)+1 || !slices.Equal(got[:len(got)-1], want[i].Planned.Sessions) {
			t.Fatalf("conflict %d: planned sessions %v, want %v and -1", i, got, want[i].Planned.Sessions)
		}
		if got := cs[i].Restriction.Sessions; !slices.Equal(got[:len(got)-1], want[i].Restriction.Sessions) {
			t.Fatalf("conflict %d: sessions %v, want %v and -1", i, got, want[i].Restriction.Sessions)
		}
		if got := cs[i].Planned.Sources; !slices.Equal(got[:len(got)-1], want[i].Planned.Sources) {
			t.Fatalf("conflict %d: sources %v", i, got)
		}
	}
	if again := check(t, plan); !slices.Equal(again[0].Planned.Sources, []string{meso.S0, meso.S4}) || again[0].Restriction.Sources[0] != meso.S2 {
		t.Errorf("a caller's change reached the tables: %+v", again[0])
	}
}

// Check changes nothing it is given, and the order of the events does not
// change its answer.
func TestCheckLeavesInputAlone(t *testing.T) {
	as := expand(t, schedule.TwiceWeekly, "2027-03-01", 0, calendarIn(t, "America/New_York"))
	loc := as[0].Start.Location()
	events := []PlannedEvent{
		{Name: "b", Activity: aftercare.Sauna, From: time.Date(2027, 3, 5, 18, 0, 0, 0, loc), Until: time.Date(2027, 3, 5, 20, 0, 0, 0, loc)},
		{Name: "a", Activity: aftercare.Sauna, From: time.Date(2027, 3, 5, 18, 0, 0, 0, loc), Until: time.Date(2027, 3, 5, 20, 0, 0, 0, loc)},
		{Activity: aftercare.SunExposure, From: time.Date(2027, 3, 10, 0, 0, 0, 0, loc), Until: time.Date(2027, 3, 20, 0, 0, 0, 0, loc)},
	}
	asCopy, eventsCopy := slices.Clone(as), slices.Clone(events)
	plan := Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: events}
	cs := check(t, plan)
	if diff := cmp.Diff(asCopy, as, cmpDates); diff != "" {
		t.Errorf("appointments changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(eventsCopy, events); diff != "" {
		t.Errorf("events changed (-before +after):\n%s", diff)
	}
	slices.Reverse(plan.Events)
	if diff := cmp.Diff(cs, check(t, plan)); diff != "" {
		t.Errorf("the events in another order give other conflicts (-want +got):\n%s", diff)
	}
	if len(cs) < 3 {
		t.Errorf("want conflicts of both saunas and the sun, got %v", cs)
	}
}

// A plan's conflicts, checked from many goroutines at once, are the same.
func TestCheckConcurrently(t *testing.T) {
	as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(t, "Europe/Berlin"))
	plan := Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(),
		Events: []PlannedEvent{{Activity: aftercare.XRay, From: as[2].Start.Add(time.Hour)}}}
	want := check(t, plan)
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			for range 50 {
				got, err := plan.Check()
				if err != nil || !cmp.Equal(want, got) {
					errs <- fmt.Sprint("a concurrent check differs: ", err)
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// What issue 15 found Check missing: sessions one minute apart, a session
// closer than the protocol's gap, the test injection's day, a caution.
func TestCheckSeesMore(t *testing.T) {
	cal := calendarIn(t, "UTC")
	base := daytest.Date(t, "2027-03-02").At(10, 0, time.UTC)
	var sameDay []schedule.Appointment
	for i := range 10 {
		sameDay = append(sameDay, schedule.Appointment{N: i + 1, Start: base.Add(time.Duration(i) * time.Minute), Phase: "main"})
	}
	weekly := expand(t, schedule.Weekly, "2027-03-02", 8, cal)
	born, _ := meso.ParseDate("1990-04-12")
	anticoagulant := &screening.Intake{BirthDate: born, Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: daytest.Date(t, "2027-02-24")}}}
	allergic := &screening.Intake{BirthDate: born, Allergies: []string{"procaine"}}
	tests := []struct {
		name string
		plan Plan
		want map[ConflictKind]int
		msg  string // in the first conflict of the first kind listed in want... of kind first
		kind ConflictKind
	}{
		{
			name: "ten sessions one minute apart: each inside the windows of those before (S3), and closer than the gap",
			plan: Plan{Appointments: sameDay, MinGap: 6},
			want: map[ConflictKind]int{SessionInWindow: 18, SessionTooClose: 9},
			kind: SessionInWindow, msg: "session 2 (Tue 2027-03-02 10:01 UTC) starts where touch-scalp is restricted for 4 h after the end of session 1",
		},
		{
			name: "the test injection's day screened: inside a deferral",
			// The last dose on 24 February defers until 6 March (S2's 10
			// days); the first session on 9 March is clear.
			plan: Plan{Appointments: expand(t, schedule.Weekly, "2027-03-09", 8, cal), Intake: anticoagulant, TestInjection: daytest.Date(t, "2027-03-05").At(10, 0, time.UTC)},
			want: map[ConflictKind]int{AppointmentDeferred: 1},
			kind: AppointmentDeferred, msg: "the test injection (Fri 2027-03-05 10:00 UTC): screening defers the patient on 2027-03-05",
		},
		{
			name: "a caution is a conflict of its own kind",
			plan: Plan{Appointments: weekly, Intake: allergic},
			want: map[ConflictKind]int{AppointmentCaution: 8},
			kind: AppointmentCaution, msg: "session 1 (Tue 2027-03-02 10:00 UTC): screening gives caution on 2027-03-02, a session may go ahead at the clinician's judgement (possible-allergy)",
		},
		{
			name: "a weekly plan at its gaps has none of these",
			plan: Plan{Appointments: weekly, MinGap: 6},
			want: map[ConflictKind]int{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.plan.Aftercare = aftercare.DefaultPolicy()
			cs, err := tc.plan.Check()
			if err != nil {
				t.Fatal(err)
			}
			got := map[ConflictKind]int{}
			first := ""
			for _, c := range cs {
				if c.Kind == RequirementInWindow || c.Kind == EventInWindow {
					continue
				}
				got[c.Kind]++
				if c.Kind == tc.kind && first == "" {
					first = c.Message
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("conflicts by kind (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(first, tc.msg) {
				t.Errorf("first %s message %q, want it to start %q", tc.kind, first, tc.msg)
			}
		})
	}
	// A test injection not before the first session, or a bad gap, is bad
	// input.
	for _, p := range []Plan{
		{Appointments: weekly, TestInjection: weekly[0].Start},
		{Appointments: weekly, MinGap: -1},
	} {
		p.Aftercare = aftercare.DefaultPolicy()
		var fe *meso.FieldError
		if _, err := p.Check(); !errors.As(err, &fe) || !errors.Is(err, meso.ErrInvalid) {
			t.Errorf("Check(%v, %d): %v, want a *FieldError", p.TestInjection, p.MinGap, err)
		}
	}
}
