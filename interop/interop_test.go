package interop_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

// zones are those issue 17 names: the usual hour (New York, Berlin), a
// negative DST (Dublin), the southern hemisphere (Sydney, Santiago, whose
// clocks change at midnight), half an hour (Lord Howe), a -03:30 offset
// (St John's), none at all (Kolkata, UTC), 45 minutes (Chatham) and the
// Ramadan breaks of Casablanca.
var zones = []string{
	"America/New_York", "Europe/Berlin", "Europe/Dublin", "Australia/Sydney",
	"Australia/Lord_Howe", "America/Santiago", "America/St_Johns", "Asia/Kolkata",
	"Pacific/Chatham", "Africa/Casablanca", "UTC",
}

// everyZone makes the tests read the plans of every zone of zones, as
// .ci/run does. Without it they read those of sampleZones, so that go test
// ./... stays quick: python icalendar takes 17 s over every zone's plans on
// a quiet two-core machine.
var everyZone = flag.Bool("interop.all", false, "read the plans of every zone, not only a sample")

// sampleZones are the zones read without -interop.all, one of each kind of
// trouble: clocks that go forward and back by an hour in the northern
// summer, by half an hour in the southern one, and an odd offset (+12:45).
var sampleZones = []string{"Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham"}

// zonesRead returns the zones whose plans the tests read.
func zonesRead() []string {
	if *everyZone {
		return zones
	}
	return sampleZones
}

// event is one VEVENT as a reader prints what its client read.
type event struct {
	UID      string `json:"uid"`
	Sequence int    `json:"sequence"`
	Status   string `json:"status"`
	Stamp    string `json:"stamp"`
	Summary  string `json:"summary"`
	AllDay   bool   `json:"allDay"`
	Start    string `json:"start"`
	End      string `json:"end"`
	// StartVTZ and EndVTZ are python icalendar's reading through the
	// file's VTIMEZONE; ical.js reads through it anyway, and has none.
	StartVTZ string `json:"startVTZ"`
	EndVTZ   string `json:"endVTZ"`
}

// file is one calendar as a reader prints it.
type file struct {
	File   string  `json:"file"`
	Method string  `json:"method"`
	Events []event `json:"events"`
}

// A client is a calendar parser that a reader program runs.
type client struct {
	name string // in messages
	env  string // the variable that, set to "require", makes its absence fail the test
	// command returns the reader's command line without the files, or why
	// it cannot run here.
	command func() ([]string, string)
}

// icaljs is Mozilla's ical.js, the parser of Thunderbird, as
// icaljs/read.mjs runs it with Node.js.
var icaljs = client{name: "ical.js", env: "MESO_ICALJS", command: func() ([]string, string) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, "node is not installed, so ical.js cannot read the calendars"
	}
	if _, err := os.Stat(filepath.Join("icaljs", "node_modules", "ical.js", "package.json")); err != nil {
		return nil, "ical.js is not installed: run npm ci --prefix interop/icaljs"
	}
	return []string{node, filepath.Join("icaljs", "read.mjs")}, ""
}}

// pyicalendar is python icalendar as Debian packages it
// (python3-icalendar), as pyicalendar/read.py runs it.
var pyicalendar = client{name: "python icalendar", env: "MESO_PYICALENDAR", command: func() ([]string, string) {
	for _, python := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(python); err == nil && exec.Command(path, "-c", "import icalendar").Run() == nil {
			return []string{path, filepath.Join("pyicalendar", "read.py")}, ""
		}
	}
	return nil, "no python3 with icalendar is installed: apt-get install python3-icalendar"
}}

// read runs the client's reader on the files and returns what it read, or
// skips the test when the client is not installed (fails, with its
// variable set to "require", as in CI).
func (c client) read(t *testing.T, files ...string) []file {
	t.Helper()
	argv, why := c.command()
	if argv == nil {
		if os.Getenv(c.env) == "require" {
			t.Fatalf("%s=require, and %s", c.env, why)
		}
		t.Skipf("skipped: %s (see interop/doc.go)", why)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(argv[0], append(argv[1:], files...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	var out []file
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("the output of %s: %v", argv[len(argv)-1], err)
	}
	if len(out) != len(files) {
		t.Fatalf("%s read %d files of %d", c.name, len(out), len(files))
	}
	return out
}

// throughVTIMEZONE is f with python icalendar's reading of its times
// through the file's VTIMEZONE in place of its default one.
func throughVTIMEZONE(f file) file {
	g := f
	g.Events = make([]event, len(f.Events))
	for i, e := range f.Events {
		e.Start, e.End = e.StartVTZ, e.EndVTZ
		g.Events[i] = e
	}
	return g
}

// change is a change of a zone's offset: at the instant at, from offset
// before to after (seconds east of UTC).
type change struct {
	at            time.Time
	before, after int
}

// changes returns the changes of loc's offset in year.
func changes(loc *time.Location, year int) []change {
	var out []change
	t := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	for range 20 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.Year() > year {
			break
		}
		_, before := end.Add(-time.Second).Zone()
		_, after := end.Zone()
		if before != after {
			out = append(out, change{at: end, before: before, after: after})
		}
		t = end
	}
	return out
}

// start is the first date of a plan and the time of day of its sessions.
type start struct {
	date         meso.Date
	hour, minute int
	why          string
}

// startsIn returns the starts to plan from in loc: an ordinary day, and
// for every change of its clocks in 2027 the day of the change at 10:00
// and at the middle of the wall times the change skips or repeats.
func startsIn(loc *time.Location) []start {
	ordinary, _ := meso.ParseDate("2027-03-01")
	out := []start{{ordinary, 10, 0, "an ordinary day"}, {ordinary, 1, 30, "an ordinary night"}}
	for _, c := range changes(loc, 2027) {
		// Wall times as UTC times: the clock reads w before the change and
		// w+(after-before) after it.
		w := c.at.Add(time.Duration(c.before) * time.Second).UTC()
		lo, span, what := w, c.after-c.before, "a wall time the clocks skip"
		if span < 0 {
			lo, span, what = w.Add(time.Duration(span)*time.Second), -span, "a wall time the clocks repeat"
		}
		mid := lo.Add(time.Duration(span/2) * time.Second)
		out = append(out,
			start{meso.DateOf(c.at.In(loc)), 10, 0, "the day of the change at " + c.at.UTC().Format(time.RFC3339)},
			start{meso.DateOf(mid), mid.Hour(), mid.Minute(), what + " at " + c.at.UTC().Format(time.RFC3339)})
	}
	return out
}

// written is a calendar written and what its events must read back as.
type written struct {
	name     string
	plan     []schedule.Appointment
	sessions map[string][2]time.Time // summary → start, end
	windows  map[[2]int64]int        // aftercare spans (Unix seconds) → how many events
	days     map[string]bool         // the dates (YYYY-MM-DD) a session follows
}

const length = 45 * time.Minute

var stamp = time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)

// write writes the plan's calendar to dir and says what ical.js must read.
func write(t *testing.T, dir, name string, plan []schedule.Appointment, opts ics.Options) written {
	t.Helper()
	var b bytes.Buffer
	if err := ics.Write(&b, plan, opts); err != nil {
		t.Fatalf("%s: ics.Write: %v", name, err)
	}
	path := filepath.Join(dir, strconv.Itoa(len(name))+"-"+strings.NewReplacer("/", "_", " ", "_", ":", "").Replace(name)+".ics")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	w := written{name: path, plan: plan, sessions: map[string][2]time.Time{}, windows: map[[2]int64]int{}, days: map[string]bool{}}
	starts := make([]time.Time, len(plan))
	for i, a := range plan {
		starts[i] = a.Start
		w.sessions[fmt.Sprintf("%s, session %d", ics.DefaultTitle, a.N)] = [2]time.Time{a.Start, a.Start.Add(length)}
		y, m, d := a.Start.Date()
		w.days[time.Date(y, m, d-1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")] = true
	}
	if opts.Aftercare != nil {
		spans := map[[2]int64]bool{}
		for _, win := range opts.Aftercare.Course(starts...).Windows() {
			spans[[2]int64{win.From.Unix(), win.Until.Unix()}] = true
		}
		for s := range spans {
			w.windows[s]++
		}
	}
	return w
}

func instant(t *testing.T, where, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil || !strings.HasSuffix(s, "Z") {
		t.Fatalf("%s: %q is not a UTC instant: %v", where, s, err)
	}
	return v
}

// check compares what ical.js read of a calendar with what was written.
func check(t *testing.T, w written, f file) {
	t.Helper()
	uids := map[string]bool{}
	sessions, windows := 0, map[[2]int64]int{}
	for _, e := range f.Events {
		where := w.name + ": " + e.Summary
		if e.UID == "" || uids[e.UID] {
			t.Errorf("%s: UID %q empty or given twice", where, e.UID)
		}
		uids[e.UID] = true
		if e.AllDay {
			if !w.days[e.Start] {
				t.Errorf("%s: all-day on %s, the day before no session", where, e.Start)
			}
			continue
		}
		start, end := instant(t, where, e.Start), instant(t, where, e.End)
		if want, ok := w.sessions[e.Summary]; ok {
			sessions++
			if !start.Equal(want[0]) || !end.Equal(want[1]) {
				t.Errorf("%s: ical.js reads %s to %s, the plan says %s to %s (%s)", where,
					start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339),
					want[0].UTC().Format(time.RFC3339), want[1].UTC().Format(time.RFC3339), want[0].Format("15:04 MST"))
			}
			continue
		}
		span := [2]int64{start.Unix(), end.Unix()}
		if w.windows[span] == 0 {
			t.Errorf("%s: ical.js reads %s to %s, no aftercare window of the plan", where, e.Start, e.End)
		}
		windows[span]++
	}
	if sessions != len(w.sessions) {
		t.Errorf("%s: %d session events for %d sessions", w.name, sessions, len(w.sessions))
	}
	for span, n := range w.windows {
		if windows[span] != n {
			t.Errorf("%s: %d events for the aftercare window %s to %s", w.name, windows[span], time.Unix(span[0], 0).UTC(), time.Unix(span[1], 0).UTC())
		}
	}
}

// everyPlan writes, in dir, every protocol planned in every zone of issue 17
// from an ordinary day, on the days the clocks change and at the wall times
// they skip and repeat, and the plans whose observances have RDATEs.
func everyPlan(t *testing.T, dir string) []written {
	var all []written
	for _, name := range zonesRead() {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range startsIn(loc) {
			cal, err := clinic.NewCalendar(loc, s.hour, s.minute, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range schedule.All() {
				plan, err := p.Expand(s.date, 0, cal)
				if err != nil {
					t.Fatalf("%s from %s in %s: %v", p.ID, s.date, name, err)
				}
				opts := ics.Options{UIDDomain: "clinic.example", Course: "c-" + strconv.Itoa(len(all)), Stamp: stamp,
					Reminder: 24 * time.Hour, Aftercare: aftercare.DefaultPolicy()}
				label := fmt.Sprintf("%s %s from %s %02d:%02d (%s)", name, p.ID, s.date, s.hour, s.minute, s.why)
				all = append(all, write(t, dir, label, plan, opts))
			}
		}
	}
	// The reproduction of observances with RDATEs: weekly then
	// biweekly, 15 sessions from 18 October 2027.
	for _, name := range []string{"America/New_York", "Europe/Dublin", "Africa/Casablanca", "America/St_Johns"} {
		loc, _ := time.LoadLocation(name)
		cal, _ := clinic.NewCalendar(loc, 10, 0, clinic.WeekdaysOf(time.Sunday))
		p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
		first, _ := meso.ParseDate("2027-10-18")
		plan, err := p.Expand(first, 15, cal)
		if err != nil {
			t.Fatal(err)
		}
		opts := ics.Options{UIDDomain: "clinic.example", Course: "rdate", Stamp: stamp, Aftercare: aftercare.DefaultPolicy()}
		all = append(all, write(t, dir, name+" weekly-then-biweekly 15 from 2027-10-18", plan, opts))
	}
	return all
}

func names(all []written) []string {
	files := make([]string, len(all))
	for i, w := range all {
		files[i] = w.name
	}
	return files
}

// Every plan of everyPlan read by ical.js: every session and aftercare
// window at the plan's instants.
func TestICALjsReadsEveryPlan(t *testing.T) {
	all := everyPlan(t, t.TempDir())
	read := icaljs.read(t, names(all)...)
	for i, w := range all {
		check(t, w, read[i])
	}
	t.Logf("ical.js read %d calendars", len(all))
}

// Every plan of everyPlan read by python icalendar, in its own reading
// (pytz's zone of the TZID) and through the file's VTIMEZONE: every session
// and aftercare window at the plan's instants.
func TestPythonICalendarReadsEveryPlan(t *testing.T) {
	all := everyPlan(t, t.TempDir())
	read := pyicalendar.read(t, names(all)...)
	for i, w := range all {
		check(t, w, read[i])
		check(t, w, throughVTIMEZONE(read[i]))
	}
	t.Logf("python icalendar read %d calendars", len(all))
}

// merge imports the calendars into one, in order, as a calendar that keeps
// one event per UID does (RFC 5545 3.8.7.4, RFC 5546 2.1.5): an event
// replaces the one it has of its UID when its SEQUENCE is higher, or equal
// with a DTSTAMP no earlier. It returns the events it shows: those not
// cancelled.
func merge(files ...file) map[string]event {
	held := map[string]event{}
	for _, f := range files {
		for _, e := range f.Events {
			old, ok := held[e.UID]
			if !ok || e.Sequence > old.Sequence || e.Sequence == old.Sequence && e.Stamp >= old.Stamp {
				held[e.UID] = e
			}
		}
	}
	shown := map[string]event{}
	for uid, e := range held {
		if e.Status != "CANCELLED" {
			shown[uid] = e
		}
	}
	return shown
}

// replans writes, in dir, a course planned and its update after it is
// planned again with a holiday on the seventh session's day and three
// sessions fewer, in three zones, sessions at 01:30.
func replans(t *testing.T, dir string) [][2]written {
	var pairs [][2]written
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe"} {
		loc, _ := time.LoadLocation(name)
		p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
		first, _ := meso.ParseDate("2027-09-06")
		cal, err := clinic.NewCalendar(loc, 1, 30, clinic.WeekdaysOf(time.Sunday))
		if err != nil {
			t.Fatal(err)
		}
		before, err := p.Expand(first, 15, cal)
		if err != nil {
			t.Fatal(err)
		}
		holiday := meso.DateOf(before[6].Start)
		if cal, err = cal.WithHolidays(holiday); err != nil {
			t.Fatal(err)
		}
		after, err := p.Expand(first, 12, cal)
		if err != nil {
			t.Fatal(err)
		}
		for i := 6; i < 12; i++ {
			if after[i].Start.Equal(before[i].Start) {
				t.Fatalf("%s: the holiday on %s did not move session %d", name, holiday, i+1)
			}
		}
		opts := ics.Options{UIDDomain: "clinic.example", Course: "patient-17", Stamp: stamp, Reminder: time.Hour, Aftercare: aftercare.DefaultPolicy()}
		w1 := write(t, dir, name+" first", before, opts)
		opts.Stamp = stamp.Add(24 * time.Hour)
		opts.Previous = &ics.Previous{Appointments: before, Sequence: 0}
		w2 := write(t, dir, name+" update", after, opts)
		pairs = append(pairs, [2]written{w1, w2})
	}
	return pairs
}

// checkReplan checks what a client read of the first calendars and their
// updates, in the order of replans: each session once, at its new time,
// none of the dropped ones, nothing cancelled shown; and the update's
// events each a SEQUENCE above the first's.
func checkReplan(t *testing.T, pairs [][2]written, read []file) {
	t.Helper()
	for i, p := range pairs {
		first, update := read[2*i], read[2*i+1]
		check(t, p[0], first)
		seq := map[string]int{}
		for _, e := range first.Events {
			seq[e.UID] = e.Sequence
		}
		cancelled := 0
		for _, e := range update.Events {
			if was, ok := seq[e.UID]; ok && e.Sequence <= was {
				t.Errorf("%s: %q has SEQUENCE %d, not above the first calendar's %d", p[1].name, e.Summary, e.Sequence, was)
			}
			if e.Status == "CANCELLED" {
				cancelled++
				if _, ok := seq[e.UID]; !ok || !strings.HasPrefix(e.Summary, "Cancelled: ") {
					t.Errorf("%s: cancelled %q, UID %s: not an event of the first calendar, or not titled cancelled", p[1].name, e.Summary, e.UID)
				}
			}
		}
		if cancelled < 3 {
			t.Errorf("%s: %d events cancelled; want at least the three sessions dropped", p[1].name, cancelled)
		}
		// What a calendar shows after both: the update alone, read right.
		shown := merge(first, update)
		var events []event
		for _, e := range shown {
			if strings.HasPrefix(e.Summary, "Cancelled") {
				t.Errorf("%s: shows %q", p[1].name, e.Summary)
			}
			events = append(events, e)
		}
		check(t, p[1], file{File: update.File, Events: events})
	}
}

func replanFiles(pairs [][2]written) []string {
	var files []string
	for _, p := range pairs {
		files = append(files, p[0].name, p[1].name)
	}
	return files
}

// A course and its update after a re-plan, imported into ical.js.
func TestICALjsReadsAReplanInPlace(t *testing.T) {
	pairs := replans(t, t.TempDir())
	checkReplan(t, pairs, icaljs.read(t, replanFiles(pairs)...))
}

// A course and its update after a re-plan, imported into python icalendar,
// in its own reading and through the VTIMEZONE.
func TestPythonICalendarReadsAReplanInPlace(t *testing.T) {
	pairs := replans(t, t.TempDir())
	read := pyicalendar.read(t, replanFiles(pairs)...)
	checkReplan(t, pairs, read)
	for i := range read {
		read[i] = throughVTIMEZONE(read[i])
	}
	checkReplan(t, pairs, read)
}
