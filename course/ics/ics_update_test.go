package ics_test

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

// icsWallInstants returns the instants at which loc shows the wall time w
// (a local DATE-TIME).
func icsWallInstants(t *testing.T, loc *time.Location, w string) []time.Time {
	t.Helper()
	wall, err := time.Parse("20060102T150405", w)
	if err != nil {
		t.Fatalf("DATE-TIME %q: %v", w, err)
	}
	var out []time.Time
	seen := map[int]bool{}
	for h := -36; h <= 36; h++ { // every offset in force within a day and a half
		_, off := wall.Add(time.Duration(h) * time.Hour).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		u := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if u.Format("20060102T150405") == w {
			out = append(out, u)
		}
	}
	return out
}

// The reproductions of issue 17: a course whose first session is at a wall
// time the clocks repeat. Every time written with a TZID must name one
// instant only, so that clients which read the second of two (ical.js,
// python icalendar, libical, khal) read the plan's: the first session's
// start, and every end (of a session or of an aftercare window) in the
// repeated hour, are in UTC form.
func TestWriteICSIssue17RepeatedTimes(t *testing.T) {
	for _, c := range []struct {
		zone, date string
		hour, min  int
	}{
		{"America/New_York", "2027-11-07", 1, 30},
		{"Europe/Berlin", "2027-10-31", 2, 30},
		{"Australia/Sydney", "2027-04-04", 2, 30},
		{"America/Santiago", "2027-04-03", 23, 30},
		{"Pacific/Chatham", "2027-04-04", 3, 15},
		{"America/St_Johns", "2027-11-07", 1, 30},
		{"Australia/Lord_Howe", "2027-04-04", 1, 45},
	} {
		loc := icsZone(t, c.zone)
		cal, err := clinic.NewCalendar(loc, c.hour, c.min, 0)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := schedule.Lookup(schedule.Every2to3Days)
		as, err := p.Expand(icsDate(t, c.date), 0, cal)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(icsWallInstants(t, loc, as[0].Start.Format("20060102T150405"))); n != 2 {
			t.Fatalf("%s %s %02d:%02d: the wall time occurs %d times, want 2", c.zone, c.date, c.hour, c.min, n)
		}
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy()}
		out := icsWrite(t, as, opts)
		icsCheckPlan(t, out, as, opts)
		if want := "DTSTART:" + as[0].Start.UTC().Format("20060102T150405Z") + "\r\n"; !strings.Contains(out, want) {
			t.Errorf("%s %s: no %q", c.zone, c.date, want)
		}
		for _, m := range regexp.MustCompile(`;TZID=[^:]+:(\d{8}T\d{6})\r\n`).FindAllStringSubmatch(out, -1) {
			if n := len(icsWallInstants(t, loc, m[1])); n != 1 {
				t.Errorf("%s %s: %s written with its TZID names %d instants", c.zone, c.date, m[1], n)
			}
		}
	}
}

// icsObservances returns the STANDARD and DAYLIGHT blocks of a calendar,
// as text, in order.
func icsObservances(out string) []string {
	return regexp.MustCompile(`(?s)BEGIN:(STANDARD|DAYLIGHT)\r\n.*?END:(STANDARD|DAYLIGHT)\r\n`).FindAllString(out, -1)
}

// The reproduction of observances with RDATEs: ical.js reads the
// RDATEs and not the DTSTART of such an observance, so the DTSTART is the
// first RDATE too.
func TestWriteICSObservanceDTSTARTIsAnRDATE(t *testing.T) {
	rdates := 0
	for _, zone := range []string{"America/New_York", "Europe/Dublin", "Africa/Casablanca", "America/St_Johns"} {
		cal, _ := clinic.NewCalendar(icsZone(t, zone), 10, 0, clinic.WeekdaysOf(time.Sunday))
		p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
		as, err := p.Expand(icsDate(t, "2027-10-18"), 15, cal)
		if err != nil {
			t.Fatal(err)
		}
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp}
		out := icsWrite(t, as, opts)
		icsCheckPlan(t, out, as, opts)
		for _, o := range icsObservances(out) {
			if !strings.Contains(o, "RDATE:") {
				continue
			}
			rdates++
			start := regexp.MustCompile(`DTSTART:(\S+)\r\n`).FindStringSubmatch(o)[1]
			if !strings.Contains(o, "RDATE:"+start+"\r\n") {
				t.Errorf("%s: an observance with RDATEs lacks its DTSTART among them:\n%s", zone, o)
			}
		}
	}
	if rdates == 0 {
		t.Errorf("no observance had RDATEs: the test tests nothing")
	}
}

// A course in summer time (New York from 23 August 2027, Sydney from 1
// December) has a VTIMEZONE whose first observance is STANDARD, which
// python icalendar needs to convert times.
func TestWriteICSZoneStartsInStandardTime(t *testing.T) {
	for _, c := range []struct{ zone, first string }{{"America/New_York", "2027-08-23"}, {"Australia/Sydney", "2027-12-01"}, {"Europe/Berlin", "2027-06-01"}} {
		as := icsPlan(t, schedule.Every2to3Days, c.zone, c.first, 10, 0)
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp}
		out := icsWrite(t, as, opts)
		icsCheckPlan(t, out, as, opts)
		obs := icsObservances(out)
		if len(obs) == 0 || !strings.HasPrefix(obs[0], "BEGIN:STANDARD") {
			t.Errorf("%s from %s: the VTIMEZONE starts with %.40q", c.zone, c.first, obs)
		}
	}
}

// An update: the same UIDs for the same sessions, moved or not, every
// event's SEQUENCE one above the previous calendar's, and every event of
// the previous plan that the new one has not sent cancelled at its old
// times.
func TestWriteICSUpdate(t *testing.T) {
	loc := icsZone(t, "Europe/Berlin")
	p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(loc, 10, 0, clinic.WeekdaysOf(time.Sunday))
	before, err := p.Expand(icsDate(t, "2027-03-01"), 15, cal)
	if err != nil {
		t.Fatal(err)
	}
	cal, _ = cal.WithHolidays(meso.DateOf(before[6].Start))
	after, err := p.Expand(icsDate(t, "2027-03-01"), 12, cal)
	if err != nil {
		t.Fatal(err)
	}
	opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy(), Reminder: time.Hour}
	first := icsParse(t, icsWrite(t, before, opts))
	opts.Stamp = icsStamp.Add(time.Hour)
	opts.Previous = &ics.Previous{Appointments: before, Sequence: 4}
	out := icsWrite(t, after, opts)
	update := icsParse(t, out)

	uid := func(e *goical.VEvent) string { return icsProp(&e.ComponentBase, goical.ComponentPropertyUniqueId) }
	was := map[string]*goical.VEvent{}
	for _, e := range first.events {
		was[uid(e)] = e
	}
	sessions := update.sessions(t, ics.DefaultTitle)
	if len(sessions) != len(after) {
		t.Fatalf("%d sessions in the update, want %d", len(sessions), len(after))
	}
	old := first.sessions(t, ics.DefaultTitle)
	for n, e := range sessions {
		if uid(e) != uid(old[n]) {
			t.Errorf("session %d: UID %s, was %s", n, uid(e), uid(old[n]))
		}
	}
	var cancelled []string
	for _, e := range update.events {
		if got := icsProp(&e.ComponentBase, goical.ComponentPropertySequence); got != "5" {
			t.Errorf("%s: SEQUENCE %q, want 5", uid(e), got)
		}
		if icsProp(&e.ComponentBase, goical.ComponentPropertyStatus) != "CANCELLED" {
			continue
		}
		summary := icsProp(&e.ComponentBase, goical.ComponentPropertySummary)
		cancelled = append(cancelled, summary)
		o, ok := was[uid(e)]
		switch {
		case !ok:
			t.Errorf("cancelled %q: no event of the previous calendar", summary)
		case "Cancelled: "+icsProp(&o.ComponentBase, goical.ComponentPropertySummary) != summary:
			t.Errorf("cancelled %q: was %q", summary, icsProp(&o.ComponentBase, goical.ComponentPropertySummary))
		case icsProp(&e.ComponentBase, goical.ComponentPropertyDtStart) != icsProp(&o.ComponentBase, goical.ComponentPropertyDtStart):
			t.Errorf("cancelled %q: starts %s, was %s", summary, icsProp(&e.ComponentBase, goical.ComponentPropertyDtStart), icsProp(&o.ComponentBase, goical.ComponentPropertyDtStart))
		case len(e.Alarms()) != 0:
			t.Errorf("cancelled %q still has an alarm", summary)
		case !strings.HasPrefix(icsProp(&e.ComponentBase, goical.ComponentPropertyDescription), "Cancelled: ") ||
			strings.Contains(icsProp(&e.ComponentBase, goical.ComponentPropertyDescription), "Before your session"):
			t.Errorf("cancelled %q: description %q, want only that it is cancelled", summary, icsProp(&e.ComponentBase, goical.ComponentPropertyDescription))
		}
	}
	for n := 13; n <= 15; n++ {
		if want := "Cancelled: " + ics.DefaultTitle + ", session " + strconv.Itoa(n); !slices.Contains(cancelled, want) {
			t.Errorf("no %q among the cancelled: %q", want, cancelled)
		}
	}
	// Everything but the cancelled events is what the plan alone writes.
	current := map[string]bool{}
	for _, e := range icsParse(t, icsWrite(t, after, ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy()})).events {
		current[uid(e)] = true
	}
	for _, e := range update.events {
		cancel := icsProp(&e.ComponentBase, goical.ComponentPropertyStatus) == "CANCELLED"
		if current[uid(e)] == cancel {
			t.Errorf("%s %q: in the new plan %v, cancelled %v", uid(e), icsProp(&e.ComponentBase, goical.ComponentPropertySummary), current[uid(e)], cancel)
		}
	}
	if len(update.events)-len(cancelled) != len(current) {
		t.Errorf("%d events not cancelled, the plan has %d", len(update.events)-len(cancelled), len(current))
	}
}

// A previous plan with a fault is a *FieldError naming it under previous.
func TestWriteICSUpdateErrors(t *testing.T) {
	plan := icsPlan(t, schedule.Weekly, "Europe/Berlin", "2027-03-01", 10, 0)
	dup := slices.Clone(plan)
	dup[1].N = 1
	for _, c := range []struct {
		name  string
		prev  ics.Previous
		field string
		err   error
	}{
		{"no appointments", ics.Previous{}, "previous.appointments", meso.ErrMissing},
		{"negative sequence", ics.Previous{Appointments: plan, Sequence: -1}, "previous.sequence", meso.ErrInvalid},
		{"sequence past INTEGER", ics.Previous{Appointments: plan, Sequence: ics.MaxSequence + 1}, "previous.sequence", meso.ErrInvalid},
		{"a session twice", ics.Previous{Appointments: dup}, "previous.appointments[1].n", meso.ErrDuplicate},
		{"zero start", ics.Previous{Appointments: []schedule.Appointment{{N: 1}}}, "previous.appointments[0].start", meso.ErrMissing},
		{"past 9999", ics.Previous{Appointments: []schedule.Appointment{{N: 1, Start: time.Date(9999, 12, 31, 23, 50, 0, 0, time.UTC)}}}, "previous.appointments[0].start", meso.ErrInvalid},
	} {
		prev := c.prev
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Previous: &prev}
		var b strings.Builder
		err := ics.Write(&b, plan, opts)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, c.err) || b.Len() != 0 {
			t.Errorf("%s: err = %v (%d bytes written), want field %s and %v", c.name, err, b.Len(), c.field, c.err)
		}
	}
	// The highest sequence is still written.
	if err := ics.Write(&strings.Builder{}, plan, ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp,
		Previous: &ics.Previous{Appointments: plan, Sequence: ics.MaxSequence}}); err != nil {
		t.Errorf("Sequence MaxSequence: %v", err)
	}
}

// A phone shows 30 characters of a title. Cut there, a session's title
// still has its number, an all-day instruction is whole, an aftercare
// title has a "no" before every activity it shows, and a cancelled event
// says so first.
func TestWriteICSTitlesCutAt30(t *testing.T) {
	before := icsPlan(t, schedule.Every2to3Days, "Europe/Berlin", "2027-03-01", 10, 0)
	plan := before[:10] // a re-plan that drops the last sessions
	opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy(),
		Previous: &ics.Previous{Appointments: before}}
	p := icsParse(t, icsWrite(t, plan, opts))
	kinds := map[string]int{}
	for _, e := range p.events {
		title := icsProp(&e.ComponentBase, goical.ComponentPropertySummary)
		cut := title
		if r := []rune(title); len(r) > 30 {
			cut = string(r[:30])
		}
		allDay := e.GetProperty(goical.ComponentPropertyDtStart).ICalParameters["VALUE"] != nil
		switch {
		case icsProp(&e.ComponentBase, goical.ComponentPropertyStatus) == "CANCELLED":
			kinds["cancelled"]++
			if !strings.HasPrefix(cut, "Cancelled: ") {
				t.Errorf("cancelled %q, cut %q", title, cut)
			}
		case strings.HasPrefix(title, ics.DefaultTitle+", session "):
			kinds["session"]++
			if cut != title {
				t.Errorf("session title %q cut to %q", title, cut)
			}
		case allDay:
			kinds["all-day"]++
			if cut != title {
				t.Errorf("all-day title %q cut to %q", title, cut)
			}
		default:
			kinds["aftercare"]++
			for _, item := range strings.Split(cut, ", ") {
				if l := strings.ToLower(item); !strings.HasPrefix(l, "no ") && !strings.HasPrefix("no ", l) {
					t.Errorf("aftercare title %q, cut to %q: %q has no \"no\"", title, cut, item)
				}
			}
		}
	}
	for _, k := range []string{"cancelled", "session", "all-day", "aftercare"} {
		if kinds[k] == 0 {
			t.Errorf("no %s event: %v", k, kinds)
		}
	}
}

// Every aftercare activity has its own short "no" in titles.
func TestWriteICSEveryActivityHasAShortNo(t *testing.T) {
	for _, a := range aftercare.Activities() {
		rules := []aftercare.Restriction{{Activity: a, Duration: time.Hour, PolicyDefault: true}}
		p, err := aftercare.NewPolicy("one", rules, nil)
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		as := []schedule.Appointment{{N: 1, Start: time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)}}
		out := icsWrite(t, as, ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: p})
		m := regexp.MustCompile(`SUMMARY:(No [^\r]*)\r\n`).FindStringSubmatch(out)
		if m == nil || strings.Contains(m[1], "do not") || len(m[1]) > 30 {
			t.Errorf("%s: aftercare title %q", a, m)
		}
	}
}
