package ics_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

// The calendar export is checked by parsing what it writes with an
// independent parser (github.com/arran4/golang-ical). That parser resolves a
// TZID through Go's own tz database and not through the VTIMEZONE, so the
// tests also read every wall time back through the VTIMEZONE written, with a
// reader of observances written here from RFC 5545 3.6.5, and compare both
// with the instant planned.

// icsZones are the tz database zones the tests plan in: no daylight saving,
// the usual hour, half an hour (Lord Howe), 45-minute offsets (Chatham),
// changes at midnight (Santiago, Beirut, Havana), negative DST (Dublin),
// Ramadan breaks (Casablanca), two hours (Troll), and a skipped day (Apia).
var icsZones = []string{
	"UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago",
	"Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe", "Asia/Beirut", "America/Havana",
	"Europe/Dublin", "Africa/Casablanca", "Antarctica/Troll", "Pacific/Apia", "America/St_Johns",
	"Asia/Tokyo", "America/Sao_Paulo",
}

func icsZone(t icsFatal, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time.LoadLocation(%q): %v", name, err)
	}
	return loc
}

func icsDate(t testing.TB, s string) meso.Date {
	t.Helper()
	d, err := meso.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// icsPlan expands a built-in protocol from first in zone at hour:minute,
// Sundays closed.
func icsPlan(t testing.TB, id, zone, first string, hour, minute int) []schedule.Appointment {
	t.Helper()
	cal, err := clinic.NewCalendar(icsZone(t, zone), hour, minute, clinic.WeekdaysOf(time.Sunday))
	if err != nil {
		t.Fatal(err)
	}
	p, err := schedule.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	// The first session pinned to first (as performed), whatever the day
	// before it: these tests are about the calendar file, not the test
	// injection's day (see schedule.TestInjection).
	as, err := p.Reschedule([]time.Time{icsDate(t, first).At(hour, minute, cal.Location())}, meso.Date{}, 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

var icsStamp = time.Date(2027, 2, 20, 9, 30, 0, 0, time.UTC)

func icsWrite(t icsFatal, as []schedule.Appointment, opts ics.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := ics.Write(&b, as, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.String()
}

// icsLines is text as a TEXT value reads back: every line break one LF.
func icsLines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// icsFatal is what the checks need of a *testing.T or a *rapid.T.
type icsFatal interface {
	Helper()
	Fatalf(format string, args ...any)
}

// icsCheckLines checks the physical lines: CRLF ends, nothing else of CR
// or LF, at most 75 octets, valid UTF-8 on each.
func icsCheckLines(t icsFatal, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("the calendar does not end with CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		switch {
		case len(l) > 75:
			t.Fatalf("line %d has %d octets: %q", i+1, len(l), l)
		case strings.ContainsAny(l, "\r\n"):
			t.Fatalf("line %d holds a bare CR or LF: %q", i+1, l)
		case !utf8Valid(l):
			t.Fatalf("line %d splits a UTF-8 character: %q", i+1, l)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\x00invalid") == s }

// icsTransition is one change of a VTIMEZONE: at Unix second at, the offset
// goes from from to to.
type icsTransition struct {
	at       int64
	from, to int
}

func icsOffset(t icsFatal, s string) int {
	t.Helper()
	m := regexp.MustCompile(`^([+-])(\d\d)(\d\d)(\d\d)?$`).FindStringSubmatch(s)
	if m == nil || s == "-0000" {
		t.Fatalf("bad UTC-OFFSET %q", s)
	}
	h, _ := strconv.Atoi(m[2])
	mi, _ := strconv.Atoi(m[3])
	sec, _ := strconv.Atoi(m[4] + "0")
	off := h*3600 + mi*60 + sec/10
	if m[1] == "-" {
		off = -off
	}
	return off
}

// icsWall parses a local DATE-TIME as the Unix second of its wall clock.
func icsWall(t icsFatal, s string) int64 {
	t.Helper()
	w, err := time.Parse("20060102T150405", s)
	if err != nil {
		t.Fatalf("bad local DATE-TIME %q: %v", s, err)
	}
	return w.Unix()
}

func icsProp(c *goical.ComponentBase, name goical.ComponentProperty) string {
	if p := c.GetProperty(name); p != nil {
		return p.Value
	}
	return ""
}

// icsTimezones reads every VTIMEZONE: TZID → its changes in time order.
func icsTimezones(t icsFatal, cal *goical.Calendar) map[string][]icsTransition {
	t.Helper()
	zones := map[string][]icsTransition{}
	for _, c := range cal.Components {
		tz, ok := c.(*goical.VTimezone)
		if !ok {
			continue
		}
		id := icsProp(&tz.ComponentBase, goical.ComponentPropertyTzid)
		var trans []icsTransition
		for _, sub := range tz.Components {
			var base *goical.ComponentBase
			switch o := sub.(type) {
			case *goical.Standard:
				base = &o.ComponentBase
			case *goical.Daylight:
				base = &o.ComponentBase
			default:
				t.Fatalf("VTIMEZONE %s holds a %T", id, sub)
			}
			from := icsOffset(t, icsProp(base, "TZOFFSETFROM"))
			to := icsOffset(t, icsProp(base, "TZOFFSETTO"))
			onsets := []string{icsProp(base, goical.ComponentPropertyDtStart)}
			for _, r := range base.GetProperties(goical.ComponentPropertyRdate) {
				onsets = append(onsets, strings.Split(r.Value, ",")...)
			}
			for _, on := range onsets {
				// An onset is a wall time on the clock before the change.
				trans = append(trans, icsTransition{at: icsWall(t, on) - int64(from), from: from, to: to})
			}
		}
		if len(trans) == 0 {
			t.Fatalf("VTIMEZONE %s has no observance", id)
		}
		sort.Slice(trans, func(i, j int) bool { return trans[i].at < trans[j].at })
		zones[id] = trans
	}
	return zones
}

// icsResolve reads a wall time (Unix seconds of the wall clock) in a zone
// given by its changes, as RFC 5545 3.3.5 says: the first instant that shows
// it; for a wall time the clocks skip, the offset from before the skip.
func icsResolve(trans []icsTransition, wall int64) int64 {
	// The offset in force from each change to the next; before the first,
	// the first one's "from".
	if u := wall - int64(trans[0].from); u < trans[0].at {
		return u
	}
	for k, tr := range trans {
		u := wall - int64(tr.to)
		if u >= tr.at && (k+1 == len(trans) || u < trans[k+1].at) {
			return u
		}
	}
	for _, tr := range trans { // skipped: read with the offset before the change
		if u := wall - int64(tr.from); u >= tr.at && wall-int64(tr.to) < tr.at {
			return u
		}
	}
	return wall - int64(trans[len(trans)-1].to)
}

// icsParsed is a calendar as the independent parser read it.
type icsParsed struct {
	cal    *goical.Calendar
	zones  map[string][]icsTransition
	events []*goical.VEvent
}

func icsParse(t icsFatal, out string) icsParsed {
	t.Helper()
	icsCheckLines(t, out)
	cal, err := goical.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("the parser refused the calendar: %v\n%s", err, out)
	}
	var version, prodid string
	for _, p := range cal.CalendarProperties {
		switch p.IANAToken {
		case "VERSION":
			version = p.Value
		case "PRODID":
			prodid = p.Value
		}
	}
	if version != "2.0" || prodid != ics.ProdID {
		t.Fatalf("VERSION %q, PRODID %q", version, prodid)
	}
	return icsParsed{cal: cal, zones: icsTimezones(t, cal), events: cal.Events()}
}

// instant reads a DTSTART or DTEND twice, through the parser (whose TZID is
// Go's tz database) and through the VTIMEZONE written, and checks that both
// give the same instant; a wall time Go's time.Date may place on either side
// of a change (RFC 5545 takes the first) is checked through the VTIMEZONE
// alone. It returns the instant and whether it was written in UTC form.
func (p icsParsed) instant(t icsFatal, e *goical.VEvent, name goical.ComponentProperty, wantZone string) (time.Time, bool) {
	t.Helper()
	prop := e.GetProperty(name)
	if prop == nil {
		t.Fatalf("event %s has no %s", icsProp(&e.ComponentBase, goical.ComponentPropertyUniqueId), name)
	}
	var got time.Time
	var err error
	if name == goical.ComponentPropertyDtStart {
		got, err = e.GetStartAt()
	} else {
		got, err = e.GetEndAt()
	}
	tzid := prop.ICalParameters["TZID"]
	if strings.HasSuffix(prop.Value, "Z") {
		if err != nil || len(tzid) != 0 {
			t.Fatalf("%s %q (TZID %v): %v", name, prop.Value, tzid, err)
		}
		return got, true
	}
	if len(tzid) != 1 || tzid[0] != wantZone {
		t.Fatalf("%s TZID %v, want %s", name, tzid, wantZone)
	}
	trans, ok := p.zones[wantZone]
	if !ok {
		t.Fatalf("no VTIMEZONE for %s", wantZone)
	}
	viaVTZ := time.Unix(icsResolve(trans, icsWall(t, prop.Value)), 0)
	if err != nil {
		// A zone the tz database does not know (time.FixedZone) is
		// defined by the VTIMEZONE alone.
		if _, unknown := time.LoadLocation(wantZone); unknown == nil {
			t.Fatalf("the parser cannot read %s %q: %v", name, prop.Value, err)
		}
		return viaVTZ, false
	}
	if !viaVTZ.Equal(got) {
		// Go's time.Date may take the second of two equal wall times.
		if viaVTZ.In(got.Location()).Format("20060102T150405") != prop.Value {
			t.Fatalf("%s %q: the VTIMEZONE gives %s, the tz database %s", name, prop.Value, viaVTZ.UTC(), got.UTC())
		}
	}
	return viaVTZ, false
}

// sessions returns the session events by number, from their SUMMARY.
func (p icsParsed) sessions(t icsFatal, title string) map[int]*goical.VEvent {
	t.Helper()
	out := map[int]*goical.VEvent{}
	for _, e := range p.events {
		s := icsProp(&e.ComponentBase, goical.ComponentPropertySummary)
		if rest, ok := strings.CutPrefix(s, title+", session "); ok {
			n, err := strconv.Atoi(rest)
			if err != nil || out[n] != nil {
				t.Fatalf("session summary %q", s)
			}
			out[n] = e
		}
	}
	return out
}

var icsUIDPattern = regexp.MustCompile(`^[0-9a-f]{32}@clinic\.example$`)

// icsCheckPlan checks a written calendar against the plan: one event per
// appointment at its start instant, opts.Length long, with its summary and
// description; every UID of the right form and unique; every DTSTAMP the
// stamp; and, with a policy, the aftercare events. It returns how many
// instants were written in UTC form in a zone.
func icsCheckPlan(t icsFatal, out string, as []schedule.Appointment, opts ics.Options) (utcForm int) {
	t.Helper()
	p := icsParse(t, out)
	zone := opts.Zone
	if zone == nil {
		zone = as[0].Start.Location()
	}
	length := opts.Length
	if length == 0 {
		length = ics.DefaultLength
	}
	if _, has := p.zones[zone.String()]; has == (zone == time.UTC) || len(p.zones) > 1 {
		t.Fatalf("zone %s: VTIMEZONEs %v", zone, p.zones)
	}
	uids := map[string]bool{}
	for _, e := range p.events {
		uid := icsProp(&e.ComponentBase, goical.ComponentPropertyUniqueId)
		if !icsUIDPattern.MatchString(uid) || uids[uid] {
			t.Fatalf("UID %q bad or given twice", uid)
		}
		uids[uid] = true
		if got := icsProp(&e.ComponentBase, goical.ComponentPropertyDtstamp); got != opts.Stamp.UTC().Format("20060102T150405Z") {
			t.Fatalf("DTSTAMP %q", got)
		}
	}
	title := icsLines(opts.Title)
	if title == "" {
		title = ics.DefaultTitle
	}
	sessions := p.sessions(t, title)
	if len(sessions) != len(as) {
		t.Fatalf("%d session events for %d appointments", len(sessions), len(as))
	}
	for _, a := range as {
		e := sessions[a.N]
		if e == nil {
			t.Fatalf("no event for session %d", a.N)
		}
		start, utc1 := p.instant(t, e, goical.ComponentPropertyDtStart, zone.String())
		end, utc2 := p.instant(t, e, goical.ComponentPropertyDtEnd, zone.String())
		if utc1 && zone != time.UTC {
			utcForm++
		}
		if utc2 && zone != time.UTC {
			utcForm++
		}
		want := a.Start.Truncate(time.Second)
		if !start.Equal(want) || !end.Equal(want.Add(length)) {
			t.Fatalf("session %d: %s to %s, want %s to %s", a.N, start, end, want, want.Add(length))
		}
		desc := icsProp(&e.ComponentBase, goical.ComponentPropertyDescription)
		if !strings.HasPrefix(desc, "Session "+strconv.Itoa(a.N)+" of your scalp mesotherapy course, on ") {
			t.Fatalf("session %d: description %q", a.N, desc)
		}
		icsPatientText(t, desc)
		if opts.Note != "" && !strings.Contains(desc, icsLines(opts.Note)) {
			t.Fatalf("session %d: description %q lacks the note", a.N, desc)
		}
		alarms := e.Alarms()
		if (opts.Reminder > 0) != (len(alarms) == 1) {
			t.Fatalf("session %d: %d alarms", a.N, len(alarms))
		}
	}
	if opts.Aftercare == nil {
		if len(p.events) != len(as) {
			t.Fatalf("%d events for %d appointments and no aftercare", len(p.events), len(as))
		}
		return utcForm
	}
	// Each restriction window of the course, merged, is an event with its
	// span whose summary names the activity.
	starts := make([]time.Time, len(as))
	for i, a := range as {
		starts[i] = a.Start.Truncate(time.Second)
	}
	type span struct{ from, until int64 }
	spans := map[span][]string{}
	for _, w := range opts.Aftercare.Course(starts...).Windows() {
		k := span{w.From.Unix(), w.Until.Unix()}
		spans[k] = append(spans[k], w.Activity.Phrase())
	}
	found := 0
	for _, e := range p.events {
		s := icsProp(&e.ComponentBase, goical.ComponentPropertySummary)
		if !strings.HasPrefix(s, "No ") {
			continue
		}
		from, _ := p.instant(t, e, goical.ComponentPropertyDtStart, zone.String())
		until, _ := p.instant(t, e, goical.ComponentPropertyDtEnd, zone.String())
		phrases, ok := spans[span{from.Unix(), until.Unix()}]
		if !ok {
			t.Fatalf("aftercare event %q from %s until %s: no such window", s, from, until)
		}
		// One "no" for each activity, so that a title cut anywhere says
		// only what not to do; the description says each in full.
		items := strings.Split(s, ", ")
		for _, it := range items {
			if !strings.HasPrefix(strings.ToLower(it), "no ") {
				t.Fatalf("aftercare event %q: %q has no \"no\"", s, it)
			}
		}
		desc := icsProp(&e.ComponentBase, goical.ComponentPropertyDescription)
		icsPatientText(t, desc)
		if len(items) != len(phrases) || !strings.HasSuffix(desc, "do not:\n- "+strings.Join(phrases, "\n- ")) {
			t.Fatalf("aftercare event %q from %s until %s: description %q, want the activities %v", s, from, until, desc, phrases)
		}
		found++
	}
	if found != len(spans) {
		t.Fatalf("%d aftercare events for %d spans", found, len(spans))
	}
	// The day before each session, an all-day event: wash your hair; the
	// day before the first, the allergy test.
	wash, allergy := 0, 0
	for _, e := range p.events {
		s := icsProp(&e.ComponentBase, goical.ComponentPropertySummary)
		isWash := s == "Wash your hair today"
		if !isWash && s != "Allergy test at the clinic" {
			continue
		}
		start := e.GetProperty(goical.ComponentPropertyDtStart)
		if v := start.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" {
			t.Fatalf("%q is not all-day: %v", s, start.ICalParameters)
		}
		day, err := time.Parse("20060102", start.Value)
		if err != nil {
			t.Fatalf("all-day DTSTART %q: %v", start.Value, err)
		}
		n := slices.IndexFunc(as, func(a schedule.Appointment) bool {
			// The day the patient lives before the session's: on a day a
			// zone skips (Pacific/Apia's 30 December 2011), the one before.
			y, m, d := a.Start.In(zone).Date()
			by, bm, bd := time.Date(y, m, d, 0, 0, 0, 0, zone).Add(-time.Nanosecond).Date()
			return day.Equal(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC))
		})
		switch {
		case n < 0:
			t.Fatalf("%q on %s, the day before no session", s, start.Value)
		case isWash:
			wash++
		case as[n].N == 1:
			allergy++
		default:
			t.Fatalf("%q before session %d", s, as[n].N)
		}
	}
	hasFirst := slices.ContainsFunc(as, func(a schedule.Appointment) bool { return a.N == 1 })
	if wash != len(as) || (allergy == 1) != hasFirst || allergy > 1 {
		t.Fatalf("%d wash days and %d allergy tests for %d sessions", wash, allergy, len(as))
	}
	washDays := wash + allergy
	if len(p.events) != len(as)+found+washDays {
		t.Fatalf("%d events: %d sessions, %d aftercare, %d days before", len(p.events), len(as), found, washDays)
	}
	return utcForm
}

// icsPatientText fails when a text the patient reads names a protocol, a
// phase or a policy: words of the clinic's software, not the patient's.
func icsPatientText(t icsFatal, s string) {
	t.Helper()
	for _, jargon := range []string{"protocol", "phase", "policy", "strictest-stated", "meso-default"} {
		if strings.Contains(strings.ToLower(s), jargon) {
			t.Fatalf("a text for the patient says %q: %q", jargon, s)
		}
	}
}

// icsTransitionDate returns a date within a few days of a change of loc's
// offset in year, or the zero Date when it has none that year.
func icsTransitionDate(loc *time.Location, year int) (meso.Date, bool) {
	_, end := time.Date(year, 1, 1, 0, 0, 0, 0, loc).ZoneBounds()
	if end.IsZero() || end.Year() != year {
		return meso.Date{}, false
	}
	return meso.DateOf(end.In(loc)), true
}

// icsSkip returns the first wall time that the clocks of loc skip in year,
// written in UTC, if they skip one.
func icsSkip(loc *time.Location, year int) (time.Time, bool) {
	t := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	for range 8 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Year() > year {
			return time.Time{}, false
		}
		_, before := end.Add(-time.Second).Zone()
		if _, after := end.Zone(); after > before {
			// The wall clock jumps from end+before to end+after.
			return end.Add(time.Duration(before) * time.Second).UTC(), true
		}
		t = end
	}
	return time.Time{}, false
}

// Plans expanded in many zones, across their changes of offset, read back
// through the independent parser: every event at its instant, with its
// summary, UID and stamp.
func TestWriteICSRoundTrip(t *testing.T) {
	var crossed, rdates, skipped, utcForm, shifted int
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.SampledFrom(icsZones).Draw(t, "zone")
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("time.LoadLocation(%q): %v", name, err)
		}
		p := rapid.SampledFrom(schedule.All()).Draw(t, "protocol")
		year := rapid.IntRange(2010, 2040).Draw(t, "year")
		first := meso.DateOf(time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)).AddDays(rapid.IntRange(0, 364).Draw(t, "day"))
		if d, ok := icsTransitionDate(loc, year); ok && rapid.Bool().Draw(t, "near a change") {
			first = d.AddDays(-rapid.IntRange(0, 20).Draw(t, "days before"))
		}
		hour := rapid.IntRange(0, 23).Draw(t, "hour")
		if rapid.Bool().Draw(t, "small hours") {
			hour = rapid.IntRange(0, 3).Draw(t, "small hour")
		}
		minute := rapid.SampledFrom([]int{0, 15, 30, 45}).Draw(t, "minute")
		closed := rapid.SampledFrom([]clinic.Weekdays{0, clinic.WeekdaysOf(time.Sunday), clinic.WeekdaysOf(time.Saturday)}).Draw(t, "closed")
		if gap, ok := icsSkip(loc, year); ok && rapid.Bool().Draw(t, "first session in a skip") {
			// The first session at a wall time the clocks skip.
			first, hour, minute, closed = meso.DateOf(gap), gap.Hour(), gap.Minute(), 0
		}
		cal, err := clinic.NewCalendar(loc, hour, minute, closed)
		if err != nil {
			t.Fatal(err)
		}
		as, err := p.Expand(first, 0, cal)
		if err != nil {
			t.Fatalf("expand %s from %s: %v", p.ID, first, err)
		}
		for _, a := range as {
			if a.Start.Hour() != hour || a.Start.Minute() != minute {
				skipped++
			}
		}
		// Sessions performed at other times than planned, to the
		// nanosecond, reach wall times the clocks repeat.
		if rapid.Bool().Draw(t, "shift") {
			for i := range as {
				if rapid.Bool().Draw(t, "shift this") {
					as[i].Start = as[i].Start.Add(time.Duration(rapid.Int64Range(-6*3600e9, 6*3600e9).Draw(t, "by")))
					shifted++
				}
			}
		}
		// A late session, as after a long break, makes the span cross the
		// same kind of change more than once.
		if rapid.Bool().Draw(t, "late session") {
			last := as[len(as)-1]
			as = append(as, schedule.Appointment{N: last.N + 1, Start: last.Start.AddDate(0, 0, rapid.IntRange(1, 1100).Draw(t, "days later")), Phase: last.Phase})
		}
		opts := ics.Options{
			UIDDomain: "clinic.example",
			Course:    rapid.StringMatching(`[a-z0-9-]{1,12}`).Draw(t, "course"),
			Stamp:     icsStamp,
			Length:    time.Duration(rapid.IntRange(0, 180).Draw(t, "minutes")) * time.Minute,
			Reminder:  time.Duration(rapid.IntRange(0, 2).Draw(t, "reminder days")) * 24 * time.Hour,
		}
		if rapid.Bool().Draw(t, "aftercare") {
			opts.Aftercare = rapid.SampledFrom([]*aftercare.Policy{aftercare.DefaultPolicy(), aftercare.ShortestStatedPolicy()}).Draw(t, "policy")
		}
		if rapid.Bool().Draw(t, "other zone") {
			opts.Zone = icsZone(t, rapid.SampledFrom(icsZones).Draw(t, "written in"))
		}
		out := icsWrite(t, as, opts)
		utcForm += icsCheckPlan(t, out, as, opts)
		if again := icsWrite(t, as, opts); again != out {
			t.Fatalf("the same plan wrote different bytes")
		}
		if zone := opts.Zone; zone != time.UTC && (zone != nil || loc != time.UTC) {
			if strings.Count(out, "BEGIN:STANDARD")+strings.Count(out, "BEGIN:DAYLIGHT")+strings.Count(out, "RDATE:") > 1 {
				crossed++
			}
			if strings.Contains(out, "\r\nRDATE:") {
				rdates++
			}
		}
	})
	t.Logf("%d plans crossed a change of offset, %d the same kind of change twice, %d sessions on skipped wall times, %d shifted, %d instants in UTC form",
		crossed, rdates, skipped, shifted, utcForm)
	if crossed == 0 || rdates == 0 || skipped == 0 {
		t.Errorf("the generator missed the edges: %d plans crossed a change, %d one kind twice, %d sessions on skipped wall times", crossed, rdates, skipped)
	}
}

// Both of two equal wall times, when the clocks go back, are written in
// UTC form: RFC 5545 reads a TZID wall time as the first, ical.js, python
// icalendar, libical and khal as the second. A time the clocks skipped,
// and one the zone shows once, keep the TZID form.
func TestWriteICSRepeatedWallTime(t *testing.T) {
	ny := icsZone(t, "America/New_York")
	firstOne := time.Date(2027, 11, 7, 5, 30, 0, 0, time.UTC).In(ny)  // 01:30 EDT
	secondOne := firstOne.Add(time.Hour)                              // 01:30 EST
	skippedTo := time.Date(2027, 3, 14, 7, 30, 0, 0, time.UTC).In(ny) // 03:30 EDT, planned 02:30
	as := []schedule.Appointment{
		{N: 1, Start: skippedTo, Phase: "main"},
		{N: 2, Start: firstOne, Phase: "main"},
		{N: 3, Start: secondOne, Phase: "main"},
	}
	opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Length: 30 * time.Minute}
	out := icsWrite(t, as, opts)
	for _, want := range []string{
		"DTSTART;TZID=America/New_York:20270314T033000\r\n",
		"DTSTART:20271107T053000Z\r\n", // 01:30 EDT, the first 01:30 of the night
		"DTEND:20271107T060000Z\r\n",   // 01:00 EST, the second 01:00
		"DTSTART:20271107T063000Z\r\n", // 01:30 EST
		"DTEND;TZID=America/New_York:20271107T020000\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if n := icsCheckPlan(t, out, as, opts); n != 3 {
		t.Errorf("%d instants in UTC form, want 3", n)
	}
}

// A session's UID is its course's and its number's: the same however the
// plan is written, and however it is planned again (another first day,
// time, protocol, a reschedule), so that a calendar updates the session in
// place; another patient's course has others.
func TestWriteICSUIDs(t *testing.T) {
	uids := func(as []schedule.Appointment, opts ics.Options) []string {
		t.Helper()
		p := icsParse(t, icsWrite(t, as, opts))
		var out []string
		for n := 1; n <= len(as); n++ {
			e := p.sessions(t, opts.Title)[n]
			if opts.Title == "" {
				e = p.sessions(t, ics.DefaultTitle)[n]
			}
			out = append(out, icsProp(&e.ComponentBase, goical.ComponentPropertyUniqueId))
		}
		return out
	}
	plan := icsPlan(t, schedule.WeeklyThenBiweekly, "Europe/Berlin", "2027-03-01", 10, 0)
	base := ics.Options{UIDDomain: "clinic.example", Course: "patient-17/course-2", Stamp: icsStamp}
	want := uids(plan, base)
	// As Write documents them.
	for i, n := range want {
		var fields []byte
		for _, f := range []string{"meso-ics-2", base.Course, "session", strconv.Itoa(i + 1)} {
			fields = fmt.Appendf(fields, "%d:%s", len(f), f)
		}
		if n != icsUID(fields)+"@clinic.example" {
			t.Errorf("session %d: UID %s, want %s", i+1, n, icsUID(fields)+"@clinic.example")
		}
	}

	// Written in another zone, with another title, length and stamp, with
	// aftercare; or planned again: the same sessions, the same UIDs.
	other := base
	other.Zone, other.Title, other.Length, other.Stamp = icsZone(t, "Asia/Kolkata"), "Meso", time.Hour, icsStamp.AddDate(0, 1, 0)
	other.Aftercare, other.Reminder = aftercare.DefaultPolicy(), time.Hour
	p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(icsZone(t, "Europe/Berlin"), 10, 0, clinic.WeekdaysOf(time.Sunday))
	performed := []time.Time{plan[0].Start, plan[1].Start, plan[2].Start}
	moved, err := p.Reschedule(performed, icsDate(t, "2027-03-24"), len(plan), cal)
	if err != nil {
		t.Fatal(err)
	}
	for what, got := range map[string][]string{
		"written otherwise": uids(plan, other),
		"a copy":            uids(slices.Clone(plan), base),
		"a week later":      uids(icsPlan(t, schedule.WeeklyThenBiweekly, "Europe/Berlin", "2027-03-08", 10, 0), base),
		"at 11:00":          uids(icsPlan(t, schedule.WeeklyThenBiweekly, "Europe/Berlin", "2027-03-01", 11, 0), base),
		"weekly":            uids(icsPlan(t, schedule.Weekly, "Europe/Berlin", "2027-03-01", 10, 0)[:len(plan)], base),
		"rescheduled":       uids(moved, base),
	} {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: UIDs changed (-want +got):\n%s", what, diff)
		}
	}

	// Another course: no UID in common; another domain: the same hashes.
	o := base
	o.Course = "patient-18/course-1"
	for _, u := range uids(plan, o) {
		if slices.Contains(want, u) {
			t.Errorf("another course: UID %s also in the first", u)
		}
	}
	o = base
	o.UIDDomain = "other.example"
	for i, u := range uids(plan, o) {
		if strings.TrimSuffix(u, "other.example")+"clinic.example" != want[i] {
			t.Errorf("another domain changed the hash of session %d", i+1)
		}
	}
}

// One small calendar, byte for byte: Berlin across the March change, with a
// folded description, escapes and an alarm. Lines are shown with LF; the
// calendar has CRLF.
func TestWriteICSGolden(t *testing.T) {
	plan := icsPlan(t, schedule.Weekly, "Europe/Berlin", "2027-03-22", 10, 0)[:2]
	out := icsWrite(t, plan, ics.Options{
		UIDDomain: "clinic.example",
		Course:    "c-1",
		Stamp:     icsStamp,
		Length:    30 * time.Minute,
		Place:     "Haarpraxis Mitte, Torstraße 1; 2. OG",
		Note:      "Questions? Call 030 1234567.\nBring your scan (C:\\scans).",
		Reminder:  2 * time.Hour,
	})
	want := `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//mesokit//meso course calendar//EN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:20261025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20270328T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:@@1@@
DTSTAMP:20270220T093000Z
SEQUENCE:0
DTSTART;TZID=Europe/Berlin:20270322T100000
DTEND;TZID=Europe/Berlin:20270322T103000
SUMMARY:Scalp mesotherapy\, session 1
LOCATION:Haarpraxis Mitte\, Torstraße 1\; 2. OG
DESCRIPTION:Session 1 of your scalp mesotherapy course\, on Mon 2027-03-22
  10:00 CET.\nQuestions? Call 030 1234567.\nBring your scan (C:\\scans).
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT2H
DESCRIPTION:Scalp mesotherapy\, session 1
END:VALARM
END:VEVENT
BEGIN:VEVENT
UID:@@2@@
DTSTAMP:20270220T093000Z
SEQUENCE:0
DTSTART;TZID=Europe/Berlin:20270329T100000
DTEND;TZID=Europe/Berlin:20270329T103000
SUMMARY:Scalp mesotherapy\, session 2
LOCATION:Haarpraxis Mitte\, Torstraße 1\; 2. OG
DESCRIPTION:Session 2 of your scalp mesotherapy course\, on Mon 2027-03-29
  10:00 CEST.\nQuestions? Call 030 1234567.\nBring your scan (C:\\scans).
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT2H
DESCRIPTION:Scalp mesotherapy\, session 2
END:VALARM
END:VEVENT
END:VCALENDAR
`
	// The UIDs as Write documents them, computed here.
	for i, a := range plan {
		var fields []byte
		for _, f := range []string{"meso-ics-2", "c-1", "session", strconv.Itoa(a.N)} {
			fields = fmt.Appendf(fields, "%d:%s", len(f), f)
		}
		want = strings.Replace(want, fmt.Sprintf("@@%d@@", i+1), icsUID(fields)+"@clinic.example", 1)
	}
	if diff := cmp.Diff(strings.ReplaceAll(want, "\n", "\r\n"), out); diff != "" {
		t.Errorf("Write (-want +got):\n%s", diff)
	}
}

// Every kind of bad input is a *FieldError naming the field, wrapping the
// package's sentinel, and nothing is written.
func TestWriteICSErrors(t *testing.T) {
	berlin := icsZone(t, "Europe/Berlin")
	plan := icsPlan(t, schedule.Weekly, "Europe/Berlin", "2027-03-01", 10, 0)
	ok := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp}
	with := func(change func(*ics.Options)) ics.Options {
		o := ok
		change(&o)
		return o
	}
	edit := func(change func([]schedule.Appointment) []schedule.Appointment) []schedule.Appointment {
		return change(slices.Clone(plan))
	}
	far := make([]schedule.Appointment, 2)
	far[0] = schedule.Appointment{N: 1, Start: time.Date(1900, 1, 1, 10, 0, 0, 0, berlin)}
	far[1] = schedule.Appointment{N: 2, Start: time.Date(2200, 1, 1, 10, 0, 0, 0, berlin)}
	many := make([]schedule.Appointment, schedule.MaxSessions+1)
	for i := range many {
		many[i] = schedule.Appointment{N: i + 1, Start: plan[0].Start.AddDate(0, 0, i)}
	}
	for _, c := range []struct {
		name  string
		as    []schedule.Appointment
		opts  ics.Options
		field string
		err   error
	}{
		{"no appointments", nil, ok, "appointments", meso.ErrMissing},
		{"too many", many, ok, "appointments", meso.ErrTooLarge},
		{"zero start", edit(func(as []schedule.Appointment) []schedule.Appointment { as[2].Start = time.Time{}; return as }), ok, "appointments[2].start", meso.ErrMissing},
		{"zero appointment", []schedule.Appointment{{}}, ok, "appointments[0].start", meso.ErrMissing},
		{"n 0", edit(func(as []schedule.Appointment) []schedule.Appointment { as[1].N = 0; return as }), ok, "appointments[1].n", meso.ErrInvalid},
		{"n twice", edit(func(as []schedule.Appointment) []schedule.Appointment { as[3].N = 1; return as }), ok, "appointments[3].n", meso.ErrDuplicate},
		{"mixed locations", edit(func(as []schedule.Appointment) []schedule.Appointment { as[4].Start = as[4].Start.UTC(); return as }), ok, "appointments[4].start", meso.ErrInvalid},
		{"phase with a control character", edit(func(as []schedule.Appointment) []schedule.Appointment { as[0].Phase = "main\x00"; return as }), ok, "appointments[0].phase", meso.ErrInvalid},
		{"nameless zone (from JSON)", []schedule.Appointment{{N: 1, Start: time.Date(2027, 3, 1, 10, 0, 0, 0, time.FixedZone("", 3600))}}, ok, "appointments[0].start", meso.ErrInvalid},
		{"zone name unfit for a TZID", plan, with(func(o *ics.Options) { o.Zone = time.FixedZone("CET;X", 3600) }), "zone", meso.ErrInvalid},
		{"no domain", plan, with(func(o *ics.Options) { o.UIDDomain = "" }), "uid_domain", meso.ErrMissing},
		{"domain with @", plan, with(func(o *ics.Options) { o.UIDDomain = "a@b" }), "uid_domain", meso.ErrInvalid},
		{"long domain", plan, with(func(o *ics.Options) { o.UIDDomain = strings.Repeat("a", ics.MaxDomainLen+1) }), "uid_domain", meso.ErrTooLarge},
		{"long course", plan, with(func(o *ics.Options) { o.Course = strings.Repeat("c", meso.MaxNameLen+1) }), "course", meso.ErrTooLarge},
		{"no stamp", plan, with(func(o *ics.Options) { o.Stamp = time.Time{} }), "stamp", meso.ErrMissing},
		{"stamp in year 10000", plan, with(func(o *ics.Options) { o.Stamp = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), "stamp", meso.ErrInvalid},
		{"negative length", plan, with(func(o *ics.Options) { o.Length = -time.Minute }), "length", meso.ErrInvalid},
		{"long length", plan, with(func(o *ics.Options) { o.Length = ics.MaxLength + time.Second }), "length", meso.ErrInvalid},
		{"length in milliseconds", plan, with(func(o *ics.Options) { o.Length = 30*time.Minute + time.Millisecond }), "length", meso.ErrInvalid},
		{"negative reminder", plan, with(func(o *ics.Options) { o.Reminder = -time.Hour }), "reminder", meso.ErrInvalid},
		{"early reminder", plan, with(func(o *ics.Options) { o.Reminder = ics.MaxReminder + time.Second }), "reminder", meso.ErrInvalid},
		{"long title", plan, with(func(o *ics.Options) { o.Title = strings.Repeat("t", meso.MaxNameLen+1) }), "title", meso.ErrTooLarge},
		{"title not UTF-8", plan, with(func(o *ics.Options) { o.Title = "Meso\xff" }), "title", meso.ErrInvalid},
		{"place with escape codes", plan, with(func(o *ics.Options) { o.Place = "\x1b[31mred" }), "place", meso.ErrInvalid},
		{"long note", plan, with(func(o *ics.Options) { o.Note = strings.Repeat("n", meso.MaxTextLen+1) }), "note", meso.ErrTooLarge},
		{"past 9999", []schedule.Appointment{{N: 1, Start: time.Date(9999, 12, 31, 23, 50, 0, 0, time.UTC)}}, ok, "appointments[0].start", meso.ErrInvalid},
		{"aftercare past 9999", []schedule.Appointment{{N: 1, Start: time.Date(9999, 12, 30, 10, 0, 0, 0, time.UTC)}}, with(func(o *ics.Options) { o.Aftercare = aftercare.DefaultPolicy() }), "appointments[0].start", meso.ErrInvalid},
		{"aftercare before year 1", []schedule.Appointment{{N: 1, Start: time.Date(1, 1, 1, 10, 0, 0, 0, time.UTC)}}, with(func(o *ics.Options) { o.Aftercare = aftercare.DefaultPolicy() }), "appointments[0].start", meso.ErrInvalid},
		{"too many changes of offset", far, ok, "appointments", meso.ErrTooLarge},
	} {
		var b bytes.Buffer
		err := ics.Write(&b, c.as, c.opts)
		var fe *meso.FieldError
		switch {
		case !errors.As(err, &fe):
			t.Errorf("%s: err = %v, want a *FieldError", c.name, err)
		case fe.Field != c.field || !errors.Is(err, c.err):
			t.Errorf("%s: err = %v, want field %s and %v", c.name, err, c.field, c.err)
		case b.Len() != 0:
			t.Errorf("%s: wrote %d bytes with the error", c.name, b.Len())
		}
	}
	if err := ics.Write(nil, plan, ok); !errors.Is(err, meso.ErrMissing) || !strings.Contains(err.Error(), "w:") {
		t.Errorf("nil writer: %v", err)
	}
	// Zero values are refused, not a panic.
	if err := ics.Write(&bytes.Buffer{}, nil, ics.Options{}); err == nil {
		t.Errorf("Write of zero values accepted")
	}
	// A location with its name but other data than the first's is taken
	// for the same; a location of another name needs Zone.
	other := edit(func(as []schedule.Appointment) []schedule.Appointment {
		as[1].Start = as[1].Start.In(icsZone(t, "Europe/Berlin"))
		return as
	})
	if err := ics.Write(&bytes.Buffer{}, other, ok); err != nil {
		t.Errorf("two loads of Europe/Berlin: %v", err)
	}
	mixed := edit(func(as []schedule.Appointment) []schedule.Appointment { as[4].Start = as[4].Start.UTC(); return as })
	if err := ics.Write(&bytes.Buffer{}, mixed, with(func(o *ics.Options) { o.Zone = berlin })); err != nil {
		t.Errorf("mixed locations with Zone: %v", err)
	}
}

var errDisk = errors.New("disk full")

// failAfter accepts n bytes, then fails.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return len(p), nil
	}
	n := f.n
	f.n = 0
	return n, errDisk
}

// An error of the writer is returned, wherever it happens.
func TestWriteICSWriterError(t *testing.T) {
	plan := icsPlan(t, schedule.Weekly, "Australia/Sydney", "2027-03-01", 10, 0)
	opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy()}
	size := len(icsWrite(t, plan, opts))
	for _, n := range []int{0, 1, 4096, size / 2, size - 1} {
		err := ics.Write(&failAfter{n: n}, plan, opts)
		if !errors.Is(err, errDisk) {
			t.Errorf("failing after %d of %d bytes: err = %v", n, size, err)
		}
	}
	if err := ics.Write(&failAfter{n: size}, plan, opts); err != nil {
		t.Errorf("a writer that takes every byte: %v", err)
	}
}

// Zones without changes, or with none for decades, still get a VTIMEZONE
// that the reader of observances resolves.
func TestWriteICSQuietZones(t *testing.T) {
	for _, c := range []struct {
		zone *time.Location
		want string // the observance's start, as the tz database has it
	}{
		// Japan's last DST ended on Sat 1951-09-08 at 25:00.
		{icsZone(t, "Asia/Tokyo"), "DTSTART:19510909T010000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+0900\r\n"},
		// India's +0630 ended at 1945-10-15 00:00.
		{icsZone(t, "Asia/Kolkata"), "DTSTART:19451015T000000\r\nTZOFFSETFROM:+0630\r\nTZOFFSETTO:+0530\r\n"},
		// A fixed zone: in force since before the first session's day.
		{time.FixedZone("Clinic", 5*3600+45*60), "BEGIN:STANDARD\r\nDTSTART:20270301T000000\r\nTZOFFSETFROM:+0545\r\nTZOFFSETTO:+0545\r\nTZNAME:Clinic\r\n"},
	} {
		cal, _ := clinic.NewCalendar(c.zone, 9, 15, 0)
		p, _ := schedule.Lookup(schedule.Biweekly)
		as, err := p.Expand(icsDate(t, "2027-03-01"), 0, cal)
		if err != nil {
			t.Fatal(err)
		}
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp}
		out := icsWrite(t, as, opts)
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: no %q in\n%s", c.zone, c.want, out)
		}
		icsCheckPlan(t, out, as, opts)
	}
}

func icsUID(fields []byte) string {
	sum := sha256.Sum256(fields)
	return hex.EncodeToString(sum[:16])
}

// In the last UTC day of a leap year that a zone's TZ rule serves, Go's
// ZoneBounds reports an end before the instant (golang/go#81583); the
// VTIMEZONE must neither loop nor invent a change there: it has the change
// into the zone in force, and in summer time (Sydney, Santiago) the change
// into standard time before it.
func TestWriteICSLeapYearEnd(t *testing.T) {
	for _, c := range []struct {
		zone string
		want int
	}{{"Australia/Sydney", 2}, {"America/New_York", 1}, {"America/Santiago", 2}} {
		as := icsPlan(t, schedule.Every2to3Days, c.zone, "2040-12-20", 10, 0)
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy()}
		out := icsWrite(t, as, opts)
		icsCheckPlan(t, out, as, opts)
		if n := strings.Count(out, "BEGIN:STANDARD") + strings.Count(out, "BEGIN:DAYLIGHT") + strings.Count(out, "RDATE"); n != c.want {
			t.Errorf("%s: %d changes from 2040-12-20 to 2041-01-24, want %d", c.zone, n, c.want)
		}
	}
}

// FuzzWriteICS writes a session with arbitrary texts and start: Write
// either refuses them with a *FieldError or writes a calendar that the
// independent parser reads back to the same texts.
func FuzzWriteICS(f *testing.F) {
	f.Add("Scalp mesotherapy", "Haarpraxis, Torstraße 1; 2. OG", "Call us:\r\n030 123\\456", "main", uint8(2), int64(0))
	f.Add("", "", "", "", uint8(0), int64(-1))
	f.Add("😀e\u0301", strings.Repeat("é", 100), "\x00", "weekly", uint8(7), int64(3600*24*200))
	f.Fuzz(func(t *testing.T, title, place, note, phase string, zone uint8, shift int64) {
		if len(title)+len(place)+len(note)+len(phase) > 64<<10 {
			t.Skip("over 64 KiB")
		}
		loc := icsZone(t, icsZones[int(zone)%len(icsZones)])
		start := time.Date(2027, 3, 28, 1, 30, 0, 0, loc).Add(time.Duration(shift%(400*24*3600)) * time.Second)
		as := []schedule.Appointment{{N: 1, Start: start, Phase: phase}}
		opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Title: title, Place: place, Note: note, Reminder: time.Hour}
		var b bytes.Buffer
		if err := ics.Write(&b, as, opts); err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) || b.Len() != 0 {
				t.Fatalf("err = %v after %d bytes", err, b.Len())
			}
			return
		}
		p := icsParse(t, b.String())
		if title == "" {
			title = ics.DefaultTitle
		}
		e := p.sessions(t, icsLines(title))[1]
		if e == nil {
			t.Fatalf("no session event titled %q in\n%s", title, b.String())
		}
		if got := icsProp(&e.ComponentBase, goical.ComponentPropertyLocation); got != icsLines(place) {
			t.Fatalf("LOCATION %q, want %q", got, icsLines(place))
		}
		if got := icsProp(&e.ComponentBase, goical.ComponentPropertyDescription); !strings.Contains(got, icsLines(note)) {
			t.Fatalf("DESCRIPTION %q lacks note %q", got, icsLines(note))
		}
		icsCheckPlan(t, b.String(), as, opts)
	})
}

// A 15-session course in Berlin, written to io.Discard.
func BenchmarkWriteICS(b *testing.B) {
	p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(icsZone(b, "Europe/Berlin"), 10, 0, clinic.WeekdaysOf(time.Sunday))
	as, err := p.Expand(icsDate(b, "2027-03-01"), 15, cal)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opts ics.Options
	}{
		{"sessions", ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Reminder: 24 * time.Hour}},
		{"aftercare", ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Reminder: 24 * time.Hour, Aftercare: aftercare.DefaultPolicy()}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n countWriter
			if err := ics.Write(&n, as, c.opts); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if err := ics.Write(io.Discard, as, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// countWriter counts the bytes written to it.
type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// Write reads its inputs only: many goroutines write one plan with one
// policy at once, and all write the same bytes (run with -race).
func TestWriteICSConcurrent(t *testing.T) {
	as := icsPlan(t, schedule.TwiceWeekly, "Pacific/Chatham", "2027-03-20", 9, 45)
	opts := ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: icsStamp, Aftercare: aftercare.DefaultPolicy(), Reminder: time.Hour}
	want := icsWrite(t, as, opts)
	outs := make([]string, 8)
	done := make(chan struct{})
	for i := range outs {
		go func() {
			defer func() { done <- struct{}{} }()
			var b bytes.Buffer
			if err := ics.Write(&b, as, opts); err != nil {
				t.Error(err)
			}
			outs[i] = b.String()
		}()
	}
	for range outs {
		<-done
	}
	for i, got := range outs {
		if got != want {
			t.Errorf("goroutine %d wrote other bytes", i)
		}
	}
}
