package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned; each says what it pins, and the commit that added it
// names the mutants.

// On the day of a daylight-saving change, a session at a wall time the day
// has twice starts at the first of the two, one the day skips starts when
// the clock shows it an hour later, and the hour after a change exists once
// (RFC 5545). A course that starts weeks before the change meets it with the
// zone's period cached from the sessions before; one that starts on the day
// of the change meets it without (the cases "first" on the change itself).
func TestWallTimesOnTheDayOfAChange(t *testing.T) {
	p, _ := LookupProtocol(Weekly)
	for _, tc := range []struct {
		zone, first  string
		hour, minute int
		want         string // the session on the day of the change
	}{
		{"Europe/Berlin", "2027-10-17", 2, 30, "2027-10-31T02:30:00+02:00"}, // 03:00 CEST -> 02:00 CET: 02:30 twice
		{"Europe/Berlin", "2027-10-17", 2, 0, "2027-10-31T02:00:00+02:00"},
		{"Europe/Berlin", "2027-10-17", 3, 0, "2027-10-31T03:00:00+01:00"}, // the end of summer time, once
		{"Europe/Berlin", "2027-10-31", 2, 30, "2027-10-31T02:30:00+02:00"},
		{"Europe/Berlin", "2027-03-14", 2, 30, "2027-03-28T03:30:00+02:00"}, // 02:00 CET -> 03:00 CEST: 02:30 skipped
		{"Europe/Berlin", "2027-03-14", 3, 0, "2027-03-28T03:00:00+02:00"},
		{"America/New_York", "2027-10-24", 1, 30, "2027-11-07T01:30:00-04:00"},
		{"America/New_York", "2027-10-24", 2, 0, "2027-11-07T02:00:00-05:00"},
		{"Australia/Sydney", "2027-03-21", 2, 30, "2027-04-04T02:30:00+11:00"},
		{"Australia/Sydney", "2027-03-21", 3, 0, "2027-04-04T03:00:00+10:00"},
		{"America/Santiago", "2027-03-20", 23, 30, "2027-04-03T23:30:00-03:00"}, // 24:00 -> 23:00 on Saturday
		{"Asia/Beirut", "2027-10-16", 23, 30, "2027-10-30T23:30:00+03:00"},      // 24:00 -> 23:00 on Saturday
		{"Asia/Beirut", "2027-10-30", 23, 30, "2027-10-30T23:30:00+03:00"},
	} {
		cal, err := NewCalendar(loadZone(t, tc.zone), tc.hour, tc.minute, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Expand(mustDate(t, tc.first), 8, cal)
		if err != nil {
			t.Fatal(err)
		}
		on := mustDate(t, tc.want[:10])
		met := false
		for _, a := range got {
			if DateOf(a.Start) == on {
				met = true
				if s := a.Start.Format(time.RFC3339); s != tc.want {
					t.Errorf("%s %02d:%02d from %s: the session on the day of the change starts %s, want %s", tc.zone, tc.hour, tc.minute, tc.first, s, tc.want)
				}
			} else if a.Start.Hour() != tc.hour || a.Start.Minute() != tc.minute {
				t.Errorf("%s: session %d at %s, want %02d:%02d local", tc.zone, a.N, a.Start.Format(time.RFC3339), tc.hour, tc.minute)
			}
		}
		if !met {
			t.Errorf("%s from %s: no session on %s", tc.zone, tc.first, on)
		}
	}
}

// The zone period an expansion caches is used from two days into it: a
// caller of at that goes back to a repeated wall time, after the period
// that follows it was cached, still gets the first of the two instants.
// (Expansion itself only goes forward; TestWallClockInstants samples this
// at random, this case pins it.)
func TestAtGoingBackToARepeatedWallTime(t *testing.T) {
	cal, err := NewCalendar(loadZone(t, "Asia/Beirut"), 23, 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	var z zoneSpan
	for _, tc := range []struct{ day, want string }{
		{"2027-10-31", "2027-10-31T23:30:00+02:00"}, // after the change: the period that follows it is cached
		{"2027-10-30", "2027-10-30T23:30:00+03:00"}, // 24:00 EEST -> 23:00 EET: 23:30 twice, the first
	} {
		if got := cal.at(mustDate(t, tc.day), &z).Format(time.RFC3339); got != tc.want {
			t.Errorf("at(%s) = %s, want %s", tc.day, got, tc.want)
		}
	}
}

// Each of a calendar's limits is inclusive, and the error for one over it
// says how many there would be in all.
func TestCalendarAtTheLimits(t *testing.T) {
	cal, err := NewCalendar(time.UTC, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	first := mustDate(t, "2027-01-01")
	holidays := make([]Date, MaxHolidays)
	for i := range holidays {
		holidays[i] = first.AddDays(i)
	}
	full, err := cal.WithHolidays(holidays...)
	if err != nil || len(full.Holidays()) != MaxHolidays {
		t.Errorf("WithHolidays of MaxHolidays (%d) days: %d holidays, %v; want all of them", MaxHolidays, len(full.Holidays()), err)
	}
	var fe *FieldError
	if _, err := full.WithHolidays(first.AddDays(-1)); !errors.As(err, &fe) || fe.Field != "holidays" || fe.Value != "3661" || !errors.Is(err, ErrTooLarge) {
		t.Errorf("one holiday more: %v, want ErrTooLarge at holidays with the value 3661", err)
	}

	ranges := make([]DateRange, MaxUnavailable)
	for i := range ranges {
		d := first.AddDays(2 * i)
		ranges[i] = DateRange{From: d, To: d}
	}
	full, err = cal.WithUnavailable(ranges...)
	if err != nil || len(full.Unavailable()) != MaxUnavailable {
		t.Errorf("WithUnavailable of MaxUnavailable (%d) ranges: %d ranges, %v; want all of them", MaxUnavailable, len(full.Unavailable()), err)
	}
	if _, err := full.WithUnavailable(DateRange{From: first, To: first}); !errors.As(err, &fe) || fe.Field != "unavailable" || fe.Value != "1001" || !errors.Is(err, ErrTooLarge) {
		t.Errorf("one range more: %v, want ErrTooLarge at unavailable with the value 1001", err)
	}
}

// A list of more than seven days is refused as such, before the eighth is
// found to repeat one.
func TestParseWeekdaysMoreThanSeven(t *testing.T) {
	_, err := ParseWeekdays("mon,tue,wed,thu,fri,sat,sun,mon")
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "more than seven days") {
		t.Errorf("ParseWeekdays of eight days = %v, want ErrInvalid: more than seven days", err)
	}
}

// A NoOpenDayError lists the first ten days tried and counts the rest; with
// one more than ten it lists all eleven rather than "and 1 more".
func TestNoOpenDayErrorListsTenAndCountsTheRest(t *testing.T) {
	first := mustDate(t, "2027-03-01")
	tried := func(n int) []ClosedDay {
		out := make([]ClosedDay, n)
		for i := range out {
			out[i] = ClosedDay{Date: first.AddDays(i), Reason: Holiday}
		}
		return out
	}
	for _, tc := range []struct {
		tried, listed int
		more          string
	}{
		{10, 10, ""},
		{11, 11, ""},
		{12, 10, "; and 2 more closed days"},
	} {
		e := &NoOpenDayError{Protocol: Weekly, Session: 2, Phase: "weekly", Earliest: first, Latest: first.AddDays(tc.tried - 1), Tried: tried(tc.tried)}
		msg := e.Error()
		if got := strings.Count(msg, " holiday"); got != tc.listed {
			t.Errorf("%d days tried: the message lists %d, want %d:\n%s", tc.tried, got, tc.listed, msg)
		}
		if tc.more != "" && !strings.HasSuffix(msg, tc.more) || tc.more == "" && strings.Contains(msg, "more closed days") {
			t.Errorf("%d days tried: message %q, want it to end %q", tc.tried, msg, tc.more)
		}
	}
}

// A FieldError's message quotes a long value cut short (internal/given's
// Quote) and keeps the value whole in the error.
func TestFieldErrorMessageCutsALongValue(t *testing.T) {
	long := strings.Repeat("é", 100)
	err := &FieldError{Field: "id", Value: long, Err: ErrInvalid}
	if msg := err.Error(); !strings.HasPrefix(msg, `course: id = "éé`) || !strings.HasSuffix(msg, `"…: invalid`) || strings.ContainsRune(msg, '\uFFFD') {
		t.Errorf("message %q: want the field, the value cut short at a character and the reason", msg)
	}
	if err.Value != long {
		t.Errorf("the error lost the value the caller gave")
	}
}

// The Graphviz diagram marks the terminal states, closed and cancelled, and
// only them.
func TestGraphvizMarksTheTerminalStates(t *testing.T) {
	dot := Graphviz()
	for s := Planned; s < numStates; s++ {
		marked := strings.Contains(dot, `"`+s.String()+`" [peripheries=2];`)
		if marked != s.Terminal() {
			t.Errorf("state %s: marked terminal %v, want %v", s, marked, s.Terminal())
		}
	}
}

// The empty text is no zones, as Zones.MarshalText writes them.
func TestZonesEmptyText(t *testing.T) {
	var z Zones = Temples
	if err := z.UnmarshalText(nil); err != nil || z != 0 {
		t.Errorf("UnmarshalText(\"\") = %v, zones %v; want none", err, z)
	}
	var s SessionPerformed
	if err := json.Unmarshal([]byte(`{"at":"2027-03-01T10:00:00Z","preparation":"p","technique":"t","zones":"","injections":1}`), &s); err != nil || s.Zones != 0 {
		t.Errorf("a session with \"zones\": \"\": %v, zones %v; want none", err, s.Zones)
	}
}

// The first value past the end of the complications is invalid, like any
// other: it halts nothing and has no sources, and does not panic.
func TestComplicationPastTheEnd(t *testing.T) {
	past := Hyperaemia + 1
	if past.Halts() || past.Sources() != nil {
		t.Errorf("Complication(%d): halts %v, sources %v; want neither", past, past.Halts(), past.Sources())
	}
}

// Errors about dates out of order name the index of the date before.
func TestOutOfOrderErrorsNameTheDateBefore(t *testing.T) {
	p, _ := LookupProtocol(Weekly)
	_, err := p.Due([]Date{mustDate(t, "2027-03-01"), mustDate(t, "2027-03-08"), mustDate(t, "2027-03-08")})
	if err == nil || !strings.Contains(err.Error(), "not after done[1] on 2027-03-08") {
		t.Errorf("Due with two sessions on one day: %v, want it to say: not after done[1] on 2027-03-08", err)
	}
	cal, _ := NewCalendar(time.UTC, 10, 0, 0)
	at := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	_, err = p.Reschedule([]time.Time{at, at.AddDate(0, 0, 7), at.AddDate(0, 0, 7).Add(time.Hour)}, mustDate(t, "2027-03-20"), 0, cal)
	if err == nil || !strings.Contains(err.Error(), "not on a day after performed[1] on 2027-03-08") {
		t.Errorf("Reschedule with two sessions on one day: %v, want it to say: not on a day after performed[1] on 2027-03-08", err)
	}
}

// A course that would run past 9999-12-31 is an error naming the date it
// starts from: "first" for a new course, "from" for one continued.
func TestPastTheEndOfTheCalendarNamesTheDate(t *testing.T) {
	p, _ := LookupProtocol(Weekly)
	cal, _ := NewCalendar(time.UTC, 10, 0, 0)
	var fe *FieldError
	if _, err := p.Expand(mustDate(t, "9999-12-20"), 0, cal); !errors.As(err, &fe) || fe.Field != "first" || !errors.Is(err, ErrInvalid) {
		t.Errorf("Expand from 9999-12-20: %v, want ErrInvalid at first", err)
	}
	performed := []time.Time{time.Date(9999, 12, 10, 10, 0, 0, 0, time.UTC)}
	if _, err := p.Reschedule(performed, mustDate(t, "9999-12-12"), 0, cal); !errors.As(err, &fe) || fe.Field != "from" || !errors.Is(err, ErrInvalid) {
		t.Errorf("Reschedule to 9999-12-12: %v, want ErrInvalid at from", err)
	}
}

// A protocol of exactly the largest size read is read. (The same for a log,
// MaxLogBytes, would decode 8 MiB: seconds under the race detector, so it is
// left out; see MUTATION.md.)
func TestProtocolOfExactlyTheLimit(t *testing.T) {
	p, _ := LookupProtocol(Weekly)
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadProtocol(bytes.NewReader(padObject(data, MaxProtocolBytes))); err != nil {
		t.Errorf("a protocol of exactly MaxProtocolBytes (%d): %v", MaxProtocolBytes, err)
	}
}

// padObject pads a JSON object with blanks before its closing brace to n
// bytes.
func padObject(data []byte, n int) []byte {
	out := make([]byte, 0, n)
	out = append(out, data[:len(data)-1]...)
	out = append(out, bytes.Repeat([]byte(" "), n-len(data))...)
	return append(out, '}')
}

// A course takes exactly MaxEvents events and refuses one more, and a log of
// MaxEvents events replays. (Its JSON form is left out: decoding 10,000
// events costs a third of a second, more under the race detector.)
func TestEventsAtTheLimit(t *testing.T) {
	p, _ := LookupProtocol(Weekly)
	c, err := NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	l := Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: make([]Event, MaxEvents)}
	at := march(1)
	for i := range l.Events {
		l.Events[i] = Observation{At: at.Add(time.Duration(i) * time.Minute), Observed: Shedding}
		if c, err = Apply(c, l.Events[i]); err != nil {
			t.Fatalf("event %d of MaxEvents (%d): %v", i+1, MaxEvents, err)
		}
	}
	var fe *FieldError
	if _, err := Apply(c, Observation{At: at.Add(MaxEvents * time.Minute), Observed: Shedding}); !errors.As(err, &fe) || fe.Field != "events" || !errors.Is(err, ErrTooLarge) {
		t.Errorf("one event more than MaxEvents: %v, want ErrTooLarge at events", err)
	}
	if replayed, err := Replay(l); err != nil || replayed.State() != Planned {
		t.Errorf("replaying a log of MaxEvents events: %v, state %s; want planned", err, replayed.State())
	}
}

// A session has 1 to MaxInjections injections, both included.
func TestInjectionsAtTheBounds(t *testing.T) {
	for _, n := range []int{1, MaxInjections} {
		s := sessionAt(march(3))
		s.Injections = n
		if _, err := Apply(prescreen(ready(t, Weekly), s), s); err != nil {
			t.Errorf("a session of %d injections: %v, want it accepted", n, err)
		}
	}
}

// A change of preparation before the first session sends a ready course back
// to cleared and forgets the test injection: the new preparation needs its
// own (S2: the test injection the day before the first procedure).
func TestChangeOfPreparationForgetsTheTestInjection(t *testing.T) {
	c := mustApply(t, ready(t, Weekly), PreparationChanged{At: march(2).Add(time.Hour), Preparation: "needle-mesotherapy-mix", Reason: "allergy found on the label"})
	if c.State() != Cleared || !c.TestInjection().IsZero() || c.Preparation() != "needle-mesotherapy-mix" {
		t.Errorf("after the change: state %s, test injection %v, preparation %s; want cleared, none, needle-mesotherapy-mix", c.State(), c.TestInjection(), c.Preparation())
	}

	// A test injection that gave a reaction halts the course; a review that
	// resumes it brings it back to cleared with that test on record, and a
	// change of preparation then forgets it too.
	p, _ := LookupProtocol(Weekly)
	planned, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	c = mustApply(t, planned, cleared(march(1)),
		TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "redness and itching at the test site"},
		Review{At: march(3), Outcome: OutcomeResume})
	if c.State() != Cleared || !c.TestInjection().Equal(march(2)) {
		t.Fatalf("after the review: state %s, test injection %v; want cleared, the test of %v", c.State(), c.TestInjection(), march(2))
	}
	c = mustApply(t, c, PreparationChanged{At: march(3).Add(time.Hour), Preparation: "needle-mesotherapy-mix", Reason: "reaction to the test injection"})
	if c.State() != Cleared || !c.TestInjection().IsZero() {
		t.Errorf("after the change: state %s, test injection %v; want cleared, none", c.State(), c.TestInjection())
	}
}

// A review that stops a course says so in the end reason, with the
// clinician's note when there is one.
func TestEndReasonOfAReviewThatStops(t *testing.T) {
	halted := mustApply(t, ready(t, Weekly), sessionAt(march(3)), AdverseEvent{At: march(4), Complication: Necrosis, Grade: Moderate})
	for _, tc := range []struct{ note, want string }{
		{"", "stopped on review"},
		{"necrosis at the crown", "stopped on review: necrosis at the crown"},
	} {
		c := mustApply(t, halted, Review{At: march(5), Outcome: OutcomeStop, Note: tc.note})
		if c.State() != Closed || c.EndReason() != tc.want {
			t.Errorf("stopped with note %q: state %s, end reason %q; want closed, %q", tc.note, c.State(), c.EndReason(), tc.want)
		}
	}
}

// A plan's appointments out of order are an error that names the one before
// and its value; exactly MaxSessions appointments and MaxPlannedEvents
// planned events are not over a limit.
func TestPlanCheckOrderAndLimits(t *testing.T) {
	as := expand(t, Weekly, "2027-03-01", 0, calendarIn(t, "UTC"))
	p := aftercare.DefaultPolicy()
	swapped := slices.Clone(as)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	same := slices.Clone(as)
	same[2].Start = same[1].Start
	for _, tc := range []struct {
		name string
		as   []Appointment
		says string
	}{
		{"numbers", swapped, "not after appointments[1].n = 3"},
		{"starts", same, "not after appointments[1].start = 2027-03-08T10:00:00Z"},
	} {
		if _, err := (Plan{Appointments: tc.as, Aftercare: p}).Check(); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s out of order: %v, want it to say %q", tc.name, err, tc.says)
		}
	}

	many := make([]Appointment, MaxSessions)
	for i := range many {
		many[i] = Appointment{N: i + 1, Start: as[0].Start.Add(time.Duration(i) * 24 * time.Hour)}
	}
	events := make([]PlannedEvent, MaxPlannedEvents)
	for i := range events {
		events[i] = PlannedEvent{Name: "X-ray", Activity: aftercare.XRay, From: as[0].Start.Add(time.Duration(i) * 24 * time.Hour)}
	}
	if _, err := (Plan{Appointments: many, Aftercare: p, Events: events}).Check(); err != nil {
		t.Errorf("MaxSessions (%d) appointments and MaxPlannedEvents (%d) events: %v, want them checked", MaxSessions, MaxPlannedEvents, err)
	}
}

// A conflict gives a restriction's length as the sources do: whole weeks in
// days (cosmetic procedures, a week: S3).
func TestConflictMessageGivesAWeekInDays(t *testing.T) {
	as := expand(t, Weekly, "2027-03-01", 0, calendarIn(t, "UTC"))
	peel := PlannedEvent{Name: "facial peel", Activity: aftercare.CosmeticProcedures, From: as[0].Start.Add(48 * time.Hour)}
	cs, err := Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy(), Events: []PlannedEvent{peel}}.Check()
	if err != nil {
		t.Fatal(err)
	}
	want := "facial peel (at Wed 3 Mar 2027 10:00 UTC) falls where cosmetic-procedures is restricted for 7 days after the end of session 1, until Mon 8 Mar 2027 10:45 UTC: at that instant"
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

// A protocol may have exactly MaxPhases phases and MaxListLen sources; the
// error for too long a course counts its gaps, one fewer than its sessions.
func TestProtocolAtTheLimits(t *testing.T) {
	p := validProtocol()
	p.Phases = nil
	for i := range MaxPhases {
		ph := Phase{Name: "phase-" + strconv.Itoa(i), Gap: Gap{6, 7, 8}, Sessions: 1}
		if i == MaxPhases-1 {
			ph.Sessions = 0
		}
		p.Phases = append(p.Phases, ph)
	}
	for i := 1; len(p.Sources) < MaxListLen; i++ {
		p.Sources = append(p.Sources, "source "+strconv.Itoa(i))
	}
	if err := p.Validate(); err != nil {
		t.Errorf("MaxPhases (%d) phases and MaxListLen (%d) sources: %v, want it valid", MaxPhases, MaxListLen, err)
	}

	long := validProtocol()
	long.Phases = []Phase{{Name: "monthly", Gap: Gap{28, 30, 32}}}
	long.Sessions = Count{1, 40, 10}
	if err := long.Validate(); err == nil || !strings.Contains(err.Error(), "39 gaps of up to 32 days run past 1096 days") {
		t.Errorf("a course of 40 sessions 32 days apart: %v, want it to say 39 gaps of up to 32 days run past 1096 days", err)
	}
}

// A state past the end of the table accepts nothing, and does not panic.
func TestStatePastTheEndAcceptsNothing(t *testing.T) {
	if got := State(numStates).Accepts(); got != nil {
		t.Errorf("State(%d).Accepts() = %v, want nil", numStates, got)
	}
}

// capitalize upper-cases a first ASCII lower-case letter, from a to z, and
// leaves anything else as it is.
func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{
		"":      "",
		"avoid": "Avoid",
		"zinc":  "Zinc",
		"Wash":  "Wash",
		"`a":    "`a",
		"{z":    "{z",
		"élan":  "élan",
		"9 h":   "9 h",
	} {
		if got := capitalize(in); got != want {
			t.Errorf("capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// A session's preparation that is not an id is refused as such, naming the
// field, before it is compared with the course's.
func TestSessionPreparationNotAnID(t *testing.T) {
	s := sessionAt(march(3))
	s.Preparation = "Greying Cocktail"
	_, err := Apply(ready(t, Weekly), s)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "preparation" || fe.Value != s.Preparation || errors.Is(err, ErrWrongPreparation) {
		t.Errorf("a session of preparation %q: %v; want a *FieldError naming preparation and the value", s.Preparation, err)
	}
}

// A course that comes back from a hold, by a resume or by a screening that
// clears the patient, has no hold left: Hold reports none.
func TestHoldForgottenOnReturn(t *testing.T) {
	active := mustApply(t, ready(t, Weekly), sessionAt(march(3)))
	for name, back := range map[string]Event{
		"resume":         Resume{At: march(8)},
		"screened clear": cleared(march(8)),
	} {
		c := mustApply(t, active, Hold{At: march(5), Reason: "flu"}, back)
		if h, on := c.Hold(); on || h != (Hold{}) || c.State() != Active {
			t.Errorf("after a hold and a %s: %s, Hold() = %+v, %v; want active and no hold", name, c.State(), h, on)
		}
	}
}
