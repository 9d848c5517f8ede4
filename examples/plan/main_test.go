package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
)

// now is a fixed clock for the tests: Monday 2027-03-01, 08:00 UTC.
var now = time.Date(2027, time.March, 1, 8, 0, 0, 0, time.UTC)

func TestJSONShape(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-protocol", "weekly", "-start", "2027-03-01", "-tz", "Europe/Berlin", "-at", "09:30",
		"-closed", "sat,sun", "-holiday", "2027-03-29", "-unavailable", "2027-04-14..2027-04-16", "-format", "json"}
	if code := run(args, nil, now, &out, &errs); code != 0 || errs.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"aftercare", "appointments", "calendar", "conflicts", "protocol", "screening", "test_injection"}, keys(doc)); diff != "" || string(doc["protocol"]) != `"weekly"` {
		t.Fatalf("top level (-want +got):\n%s\n%s", diff, out.String())
	}
	// The calendar -format ics writes of it: without -course, a course
	// named after the protocol and first date; a first calendar.
	var cal0 map[string]any
	if err := json.Unmarshal(doc["calendar"], &cal0); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"course": "weekly/2027-03-02", "sequence": float64(0)}, cal0); diff != "" {
		t.Errorf("calendar (-want +got):\n%s", diff)
	}
	var appts []map[string]any
	if err := json.Unmarshal(doc["appointments"], &appts); err != nil {
		t.Fatal(err)
	}
	p, _ := schedule.Lookup(schedule.Weekly)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cal, _ := clinic.NewCalendar(berlin, 9, 30, clinic.WeekdaysOf(time.Saturday, time.Sunday))
	hol, _ := meso.ParseDate("2027-03-29")
	away, _ := meso.ParseDateRange("2027-04-14..2027-04-16")
	cal, _ = cal.WithHolidays(hol)
	cal, _ = cal.WithUnavailable(away)
	first, _ := meso.ParseDate("2027-03-01")
	want, err := p.Expand(first, 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	if len(appts) != len(want) {
		t.Fatalf("%d appointments, want %d", len(appts), len(want))
	}
	for i, a := range appts {
		var keys []string
		for k := range a {
			keys = append(keys, k)
		}
		if len(keys) != 5 || a["n"] != float64(i+1) || a["phase"] != "main" ||
			a["earliest"] != want[i].Earliest.String() || a["latest"] != want[i].Latest.String() {
			t.Errorf("appointment %d = %v, want n, start, phase, earliest, latest as %+v", i, a, want[i])
		}
		start, err := time.Parse(time.RFC3339, a["start"].(string))
		if err != nil || !start.Equal(want[i].Start) || !strings.HasSuffix(a["start"].(string), want[i].Start.Format("-07:00")) {
			t.Errorf("start %v, want %v written RFC 3339 with its offset", a["start"], want[i].Start)
		}
	}
	if !strings.Contains(out.String(), `"start": "2027-03-02T09:30:00+01:00"`) || !strings.Contains(out.String(), `"start": "2027-04-06T09:30:00+02:00"`) {
		t.Errorf("want 09:30 local on both sides of the change to summer time:\n%s", out.String())
	}
	// S2: the test injection the day before the first session; Sunday
	// 2027-02-28 is closed, so the course starts on Tuesday.
	if got, want := string(doc["test_injection"]), `{"start":"2027-03-01T09:30:00+01:00"}`; strings.Join(strings.Fields(got), "") != want {
		t.Errorf("test_injection = %s, want %s", got, want)
	}
}

// Every protocol plans, in text within 80 columns and in JSON.
func TestEveryProtocol(t *testing.T) {
	for _, id := range schedule.IDs() {
		for _, format := range []string{"text", "json"} {
			var out, errs bytes.Buffer
			args := []string{"-protocol", id, "-start", "2027-10-18", "-tz", "America/New_York", "-holiday", "2027-11-25", "-format", format}
			if code := run(args, nil, now, &out, &errs); code != 0 || errs.Len() > 0 {
				t.Fatalf("%s %s: exit %d, stderr %q", id, format, code, errs.String())
			}
			if format == "json" {
				continue
			}
			for i, line := range strings.Split(out.String(), "\n") {
				if n := utf8.RuneCountInString(line); n > 80 {
					t.Errorf("%s: line %d is %d columns: %q", id, i+1, n, line)
				}
			}
			// Sunday closed: the test injection on Monday 18, the first
			// session on Tuesday 19.
			if !strings.Contains(out.String(), id+":") || !strings.Contains(out.String(), "[19]") || !strings.Contains(out.String(), "<18>") ||
				!strings.Contains(out.String(), "Tue 2027-10-19  10:00") || !strings.Contains(out.String(), "TI  Mon 2027-10-18  10:00") {
				t.Errorf("%s: the table or the calendar lacks the first session:\n%s", id, out.String())
			}
			if !strings.Contains(out.String(), "*25*") {
				t.Errorf("%s: Thanksgiving is not marked a holiday:\n%s", id, out.String())
			}
		}
	}
}

func TestText(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-protocol", "biweekly", "-start", "2027-03-01", "-closed", "sat,sun", "-unavailable", "2027-03-15"}
	if code := run(args, nil, now, &out, &errs); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	want := `biweekly: Every 14 days, 3-6 sessions [S1]
4 sessions at 10:00 UTC; closed sat,sun; patient away Mon 2027-03-15

   #  date            time   phase         could have been
  TI  Mon 2027-03-01  10:00  test          the day before session 1 (S2)
   1  Tue 2027-03-02  10:00  main          Mon 2027-03-01 to Tue 2027-03-02
   2  Tue 2027-03-16  10:00  main          Mon 2027-03-15 to Wed 2027-03-17
   3  Tue 2027-03-30  10:00  main          Mon 2027-03-29 to Wed 2027-03-31
   4  Tue 2027-04-13  10:00  main          Mon 2027-04-12 to Wed 2027-04-14

         March 2027                     April 2027
 Mo  Tu  We  Th  Fr  Sa  Su     Mo  Tu  We  Th  Fr  Sa  Su
< 1>[ 2]  3   4   5 ( 6)( 7)                 1   2 ( 3)( 4)
  8   9  10  11  12 (13)(14)     5   6   7   8   9 (10)(11)
~15~[16] 17  18  19 (20)(21)    12 [13] 14  15  16 (17)(18)
 22  23  24  25  26 (27)(28)    19  20  21  22  23 (24)(25)
 29 [30] 31                     26  27  28  29  30
[d] session  <d> test injection  (d) closed weekday  *d* holiday  ~d~ away

TI the test injection: one injection of the preparation the day before the first
session, to see how the patient reacts [S2].
S1: "the scalp needle mesotherapy treatment should be repeated on average 3 to 6
times with an interval of about fourteen days."
Not stated by the sources, chosen by policy: phases[0].gap.min,
phases[0].gap.max, sessions.default.

Each session, step by step:
    - the patient sits in a chair or lies on a couch [S0,S2]
    - the specialist wears medical gloves [S2]
    - the scalp is treated with an antiseptic before the injections [S2,S3]
    - for a low pain threshold: an anaesthetic cream or spray, or procaine in
      the mix [S1,S2]
    - the cocktail is injected by syringe or gun with ultra-thin needles (the
      catalog's session ranges give depth, spacing and count) [S0]
    - the scalp is treated with an antiseptic again after the injections [S2,S3]
    - a light massage spreads the injected nutrients evenly [S1,S2]
    - the doctor assesses the patient's reaction and gives recommendations [S4]

Screening of the sample patient on Tue 2027-03-02, the first session's date, no
preparation chosen:
Verdict: CAUTION: a session may go ahead at the clinician's judgement
Policy: strictest-stated

Findings:
  possible-allergy - advisory [S1,S2]
      allergy not ruled out: no preparation given to check procaine against;
      check it before injecting; not a contraindication of itself: the clinician
      assesses it before treating

Aftercare after session 1 (Tue 2027-03-02 10:00 UTC), until when not to:
  touch-scalp          until Tue 2027-03-02 14:45 UTC  [S3]
  scalp-medication     until Tue 2027-03-02 22:45 UTC  [S3]
  exercise             until Thu 2027-03-04 10:45 UTC  [S0]
  pool                 until Thu 2027-03-04 10:45 UTC  [S0]
  scalp-massage        until Thu 2027-03-04 10:45 UTC  [S0]
  dye-hair             until Fri 2027-03-05 10:45 UTC  [S2]
  sauna                until Fri 2027-03-05 10:45 UTC  [S3]
  solarium             until Fri 2027-03-05 10:45 UTC  [S3]
  styling-products     until Fri 2027-03-05 10:45 UTC  [S2]
  sun-exposure         until Fri 2027-03-05 10:45 UTC  [S2]
  wash-hair            until Fri 2027-03-05 10:45 UTC  [S2]
  x-ray                until Fri 2027-03-05 10:45 UTC  [S1]
  cosmetic-procedures  until Tue 2027-03-09 10:45 UTC  [S3]

Conflicts (5):
  1. appointment-caution [the schedule against S1,S2]
      the test injection (Mon 2027-03-01 10:00 UTC): screening gives caution on
      2027-03-01, a session may go ahead at the clinician's judgement
      (possible-allergy)
  2. appointment-caution [the schedule against S1,S2]
      session 1 (Tue 2027-03-02 10:00 UTC): screening gives caution on
      2027-03-02, a session may go ahead at the clinician's judgement
      (possible-allergy)
  3. appointment-caution [the schedule against S1,S2]
      session 2 (Tue 2027-03-16 10:00 UTC): screening gives caution on
      2027-03-16, a session may go ahead at the clinician's judgement
      (possible-allergy)
  4. appointment-caution [the schedule against S1,S2]
      session 3 (Tue 2027-03-30 10:00 UTC): screening gives caution on
      2027-03-30, a session may go ahead at the clinician's judgement
      (possible-allergy)
  5. appointment-caution [the schedule against S1,S2]
      session 4 (Tue 2027-04-13 10:00 UTC): screening gives caution on
      2027-04-13, a session may go ahead at the clinician's judgement
      (possible-allergy)
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

// Without -start the course starts on the next open day from today: today
// while the session time is ahead, in the clinic's zone.
func TestDefaultStart(t *testing.T) {
	for _, tc := range []struct {
		now   time.Time
		args  []string
		first string
	}{
		{time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC), nil, "2027-03-02T10:00:00Z"},                                                        // Monday, before 10:00; but the test injection's Sunday is closed
		{time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), nil, "2027-03-02T10:00:00Z"},                                                       // at 10:00: tomorrow
		{time.Date(2027, 3, 6, 12, 0, 0, 0, time.UTC), nil, "2027-03-09T10:00:00Z"},                                                       // Saturday noon; Sunday closed, so Monday cannot follow a test injection
		{time.Date(2027, 3, 1, 23, 30, 0, 0, time.UTC), []string{"-tz", "Asia/Tokyo"}, "2027-03-02T10:00:00+09:00"},                       // already Tuesday in Tokyo
		{time.Date(2027, 3, 1, 23, 30, 0, 0, time.UTC), []string{"-tz", "America/New_York", "-at", "18:00"}, "2027-03-02T18:00:00-05:00"}, // 18:30 in New York,
	} {
		var out, errs bytes.Buffer
		if code := run(append(tc.args, "-format", "json"), nil, tc.now, &out, &errs); code != 0 {
			t.Fatalf("exit %d, stderr %q", code, errs.String())
		}
		if !strings.Contains(out.String(), `"start": "`+tc.first+`"`) {
			t.Errorf("now %v %v: want the first session at %s, got\n%.300s", tc.now, tc.args, tc.first, out.String())
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"-protocol", "fortnightly"}, 2, []string{"-protocol", `"fortnightly"`}},
		{[]string{"-sessions", "30"}, 2, []string{"-sessions", `"30"`, "8 to 15"}},
		{[]string{"-sessions", "-1"}, 2, []string{"-sessions", `"-1"`}},
		{[]string{"-sessions", "many"}, 2, []string{"-sessions", `"many"`}},
		{[]string{"-start", "2027-02-29"}, 2, []string{"-start", `"2027-02-29"`}},
		{[]string{"-start", "9999-12-30"}, 2, []string{"-start", `"9999-12-30"`, "9999-12-31"}},
		{[]string{"-at", "25:00"}, 2, []string{"-at", `"25:00"`}},
		{[]string{"-tz", "Mars/Olympus"}, 2, []string{"-tz", `"Mars/Olympus"`}},
		{[]string{"-tz", "Local"}, 2, []string{"-tz", `"Local"`}},
		{[]string{"-closed", "sunday"}, 2, []string{"-closed", `"sunday"`}},
		{[]string{"-closed", "mon,tue,wed,thu,fri,sat,sun"}, 2, []string{"-closed", "every day"}},
		{[]string{"-holiday", "2027-13-01"}, 2, []string{"-holiday", `"2027-13-01"`}},
		{[]string{"-unavailable", "2027-04-16..2027-04-12"}, 2, []string{"-unavailable", `"2027-04-16..2027-04-12"`}},
		{[]string{"-format", "xml"}, 2, []string{"-format", `"xml"`}},
		{[]string{"extra"}, 2, []string{`"extra"`}},
		{[]string{"-event", "x-ray"}, 2, []string{"-event", `"x-ray"`, "ACTIVITY@WHEN"}},
		{[]string{"-event", "tattoo@2027-03-03"}, 2, []string{"-event", `"tattoo@2027-03-03"`, "unknown activity", "sun-exposure"}},
		{[]string{"-event", "x-ray@2027-03-03T25:00"}, 2, []string{"-event", `"x-ray@2027-03-03T25:00"`}},
		{[]string{"-event", "sauna@2027-03-12..2027-03-05"}, 2, []string{"-event", `"sauna@2027-03-12..2027-03-05"`, "ends before it starts"}},
		{[]string{"-event", "sauna@2027-03-05T18:00..2027-03-05T17:00"}, 2, []string{"-event", "ends before it starts"}},
		{[]string{"-event", "sauna@9999-12-31"}, 2, []string{"-event", "9999-12-31"}},
		{[]string{"-start", "2027-03-01", "-event", "sun-exposure@2027-01-01..2028-06-30"}, 2,
			[]string{"-event", `"sun-exposure@2027-01-01..2028-06-30"`, "events[0].until", "at most 366 days"}},
		{[]string{"-start", "2027-03-01", "-tz", "Europe/Berlin", "-event", "sauna@2027-03-28T02:30..2027-03-28T03:10"}, 2,
			[]string{"-event", `"sauna@2027-03-28T02:30..2027-03-28T03:10"`, "before the event's start"}}, // 02:30 does not exist that day: it is 03:30
		{[]string{"-preparation", "snake-oil"}, 2, []string{"-preparation", `"snake-oil"`}},
		{[]string{"-intake", "testdata/no-such-file.json"}, 2, []string{"-intake", `"testdata/no-such-file.json"`}},
		{[]string{"-intake", "main.go"}, 2, []string{"-intake", `"main.go"`}},
		{[]string{"-intake", "testdata/unborn.json", "-start", "2027-03-01"}, 2, []string{"-intake", "testdata/unborn.json", "birth_date", "2027-03-02"}},
		{[]string{"-h"}, 0, []string{"go run ./examples/plan -protocol weekly", "weekly-then-biweekly", "Exit status", "-event", "x-ray@2027-03-03T09:00",
			"Activities (for -event):\n  touch-scalp, scalp-medication, wash-hair, dye-hair, styling-products,\n  scalp-massage, sun-exposure, solarium, pool, sauna, exercise, x-ray,\n  cosmetic-procedures\n"}},
		// Open on Mondays only: no session can follow a test injection the
		// day before (S2).
		{[]string{"-protocol", "greying-weekly", "-start", "2027-03-01", "-closed", "tue,wed,thu,fri,sat,sun"}, 4,
			[]string{"session 1", "Mon 2027-03-01 the day before, for the test injection, closed", "Tue 2027-03-02 closed on Tuesdays"}},
		// Open on Mondays and Tuesdays, a week's holiday in March and the
		// patient away in April: every first day within four weeks leads to
		// a session with no open day.
		{[]string{"-protocol", "greying-weekly", "-start", "2027-03-01", "-closed", "wed,thu,fri,sat,sun", "-holiday", "2027-04-12", "-holiday", "2027-04-13", "-unavailable", "2027-05-03..2027-05-11"}, 4,
			[]string{"no open day", "the first session tried on every day from Tue 2027-03-02"}},
	} {
		var out, errs bytes.Buffer
		code := run(tc.args, nil, now, &out, &errs)
		if code != tc.code || out.Len() > 0 {
			t.Errorf("run(%q) = %d with %d bytes on stdout; want %d and nothing", tc.args, code, out.Len(), tc.code)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs.String(), w) {
				t.Errorf("run(%q): stderr %q does not say %s", tc.args, errs.String(), w)
			}
		}
	}
}

// Whatever a flag's value, the planner does not panic, exits 0, 2, 3 or 4,
// and writes nothing on standard output unless it planned or screened.
func FuzzFlags(f *testing.F) {
	for _, s := range []string{"2027-03-01", "sat,sun", "2027-04-12..2027-04-16", "09:30", "", "16", "weekly", "2028-02-29", "9999-12-31"} {
		f.Add(uint8(0), s)
	}
	flags := []string{"-start", "-closed", "-holiday", "-unavailable", "-at", "-sessions", "-protocol", "-event", "-preparation"}
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		if len(s) > 64<<10 {
			return
		}
		var out, errs bytes.Buffer
		args := []string{flags[int(which)%len(flags)], s, "-format", "json"}
		if args[0] != "-start" {
			args = append(args, "-start", "2027-03-01")
		}
		code := run(args, nil, now, &out, &errs)
		switch code {
		case 0, 3: // 3: a preparation the sample patient is allergic to
			if !json.Valid(out.Bytes()) {
				t.Fatalf("run(%q): exit 0 with invalid JSON", args)
			}
		case 2, 4:
			if out.Len() > 0 || errs.Len() == 0 {
				t.Fatalf("run(%q) = %d with stdout %q and stderr %q", args, code, out.String(), errs.String())
			}
		default:
			t.Fatalf("run(%q) = %d", args, code)
		}
	})
}

// The example in the usage text plans, and the usage fits 80 columns.
func TestUsageExample(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-h"}, nil, now, &out, &errs); code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	for i, line := range strings.Split(errs.String(), "\n") {
		if n := utf8.RuneCountInString(strings.ReplaceAll(line, "    \t", "        ")); n > 80 {
			t.Errorf("usage line %d is %d columns: %q", i+1, n, line)
		}
	}
	_, example, _ := strings.Cut(errs.String(), "go run ./examples/plan ")
	example, _, _ = strings.Cut(example, "\n\n")
	args := strings.Fields(strings.ReplaceAll(example, "\\\n", " "))
	out.Reset()
	errs.Reset()
	if code := run(args, nil, now, &out, &errs); code != 0 || len(args) < 10 {
		t.Errorf("the usage example %q: exit %d, stderr %q", args, code, errs.String())
	}
}

// -intake - reads the intake from standard input: the same patient gives the
// same screening as from a file, and a broken one is refused naming where it
// came from.
func TestIntakeFromStandardInput(t *testing.T) {
	data, err := os.ReadFile("../screen/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-start", "2027-03-01", "-format", "json"}
	var fromFile, fileErrs, fromStdin, stdinErrs bytes.Buffer
	wantCode := run(append(args, "-intake", "../screen/sample.json"), nil, now, &fromFile, &fileErrs)
	code := run(append(args, "-intake", "-"), bytes.NewReader(data), now, &fromStdin, &stdinErrs)
	if code != wantCode {
		t.Fatalf("exit %d from standard input, %d from the file; stderr %q", code, wantCode, stdinErrs.String())
	}
	if diff := cmp.Diff(fileErrs.String(), stdinErrs.String()); diff != "" {
		t.Errorf("standard error differs between the file and standard input (-file +stdin):\n%s", diff)
	}
	if diff := cmp.Diff(fromFile.String(), fromStdin.String()); diff != "" {
		t.Errorf("standard output differs between the file and standard input (-file +stdin):\n%s", diff)
	}

	var out, errs bytes.Buffer
	code = run(append(args, "-intake", "-"), strings.NewReader(`{"birth_date": "1990-02-30"}`), now, &out, &errs)
	if code != 2 || out.Len() > 0 || !strings.Contains(errs.String(), "standard input") || !strings.Contains(errs.String(), "1990-02-30") {
		t.Errorf("a broken intake on standard input: exit %d, stdout %q, stderr %q; want 2, nothing, a message naming standard input and the date", code, out.String(), errs.String())
	}
}

// -format fhir writes the plan as a FHIR R4 Bundle: a CarePlan first, an
// Appointment per session and one for the test injection the day before
// the first session when the clinic is open then.
func TestFormatFHIR(t *testing.T) {
	var out, errs bytes.Buffer
	code := run([]string{"-format", "fhir", "-course", "c-17", "-patient", "Patient/123", "-start", "2027-03-02", "-closed", ""},
		strings.NewReader(""), time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), &out, &errs)
	if code != 0 || errs.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	var b struct {
		ResourceType string
		Entry        []struct {
			Resource struct {
				ResourceType, Status, Start string
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if b.ResourceType != "Bundle" || len(b.Entry) < 3 || b.Entry[0].Resource.ResourceType != "CarePlan" {
		t.Fatalf("not a Bundle with a CarePlan first:\n%s", out.String())
	}
	test := b.Entry[1].Resource
	if test.ResourceType != "Appointment" || test.Status != "proposed" || !strings.HasPrefix(test.Start, "2027-03-01T10:00") {
		t.Errorf("test injection appointment %+v, want proposed on 2027-03-01 at 10:00", test)
	}
	code = run([]string{"-format", "fhir", "-course", "c-17"}, strings.NewReader(""), time.Now(), &bytes.Buffer{}, &errs)
	if code != 2 || !strings.Contains(errs.String(), "-patient") {
		t.Errorf("without -patient: exit %d, stderr %q; want 2 naming -patient", code, errs.String())
	}
}

// -busy books each visit in the clinic's free time: at -at when a session
// fits there, otherwise at the nearest free start; a day with no room is
// closed.
func TestBusy(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"10:00 busy: the nearest start that fits 45 minutes", []string{"-busy", "2027-03-02T09:00..12:00"},
			[]string{"   1  Tue 2027-03-02  08:15  main", "12 sessions of 45m0s, at 10:00 UTC or the nearest free time"}},
		{"a day with no room is closed", []string{"-busy", "2027-03-09T08:00..18:00"},
			[]string{"   2  Mon 2027-03-08  10:00  main", "= 9="}},
		{"the test injection's day without room moves the course", []string{"-busy", "2027-03-01T08:00..18:00"},
			[]string{"  TI  Tue 2027-03-02  10:00  test", "   1  Wed 2027-03-03  10:00  main"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			args := append([]string{"-protocol", "weekly", "-start", "2027-03-02"}, tc.args...)
			if code := run(args, nil, now, &out, &errs); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errs.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
	for _, bad := range []string{"2027-03-02", "2027-03-02T12:00..11:00", "2027-03-02T09:00..24:00", "2027-02-30T09:00..10:00", "2027-03-02T9:00..10:00"} {
		var out, errs bytes.Buffer
		if code := run([]string{"-busy", bad}, nil, now, &out, &errs); code != 2 || !strings.Contains(errs.String(), `"`+bad+`"`) || out.Len() > 0 {
			t.Errorf("-busy %s: exit %d, stderr %q; want 2 naming the value", bad, code, errs.String())
		}
	}
}

// Each error is one line after the program's name, without a phrase of
// the tool's that repeats the library's ("the calendar cannot hold the
// protocol: ..."); with -format json it is one JSON object, exit code
// unchanged. A flag error is one line and the hint, without the usage.
func TestErrorLines(t *testing.T) {
	dir := t.TempDir()
	unknown := writeIntake(t, `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false, "conditions": ["flu"]}`)
	empty := dir + "/empty.json"
	os.WriteFile(empty, []byte(`{"appointments": []}`), 0o644)
	noRoom := []string{"-protocol", "weekly", "-start", "2027-03-01", "-closed", "mon,tue,wed,thu,fri,sat"}
	for _, tc := range []struct {
		args []string
		code int
		want map[string]string
	}{
		{[]string{"-bogus"}, 2, map[string]string{"field": "-bogus", "rule": "unknown-flag"}},
		{[]string{"-sessions", "30"}, 2, map[string]string{"field": "-sessions", "value": "30", "rule": "invalid-value"}},
		{[]string{"-start", "2027-02-29"}, 2, map[string]string{"field": "-start", "value": "2027-02-29", "rule": "YYYY-MM-DD"}},
		{[]string{"-closed", "mon,tue,wed,thu,fri,sat,sun"}, 2, map[string]string{"field": "-closed", "value": "mon,tue,wed,thu,fri,sat,sun", "rule": "invalid"}},
		{[]string{"-event", "tattoo@2027-03-03"}, 2, map[string]string{"field": "-event", "value": "tattoo@2027-03-03", "rule": "invalid-value"}},
		{[]string{"-preparation", "snake-oil"}, 2, map[string]string{"field": "-preparation", "value": "snake-oil", "rule": "unknown"}},
		{[]string{"-intake", unknown}, 2, map[string]string{"field": "conditions[0]", "value": "flu", "rule": "one of cancer, tumour, …"}},
		{[]string{"-intake", "testdata/no-such-file.json"}, 2, map[string]string{"field": "-intake", "value": "testdata/no-such-file.json", "rule": "not-found"}},
		{[]string{"-previous", empty}, 2, map[string]string{"field": "-previous", "value": empty}},
		{noRoom, NoRoom, map[string]string{"rule": "no-open-day"}},
	} {
		code, out, errs := runPlan(t, append(tc.args, "-format", "json")...)
		var got map[string]map[string]string
		if err := json.Unmarshal([]byte(errs), &got); err != nil || code != tc.code || out != "" || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (%v); want %d and one JSON object", tc.args, code, out, errs, err, tc.code)
			continue
		}
		e := got["error"]
		if e["message"] == "" {
			t.Errorf("%v: no message in %s", tc.args, errs)
		}
		delete(e, "message")
		for k, w := range tc.want { // a rule that lists what is valid: its beginning
			if prefix, ok := strings.CutSuffix(w, "…"); ok && strings.HasPrefix(e[k], prefix) {
				e[k] = w
			}
		}
		if diff := cmp.Diff(tc.want, e); diff != "" {
			t.Errorf("%v: error (-want +got):\n%s", tc.args, diff)
		}
		code, _, text := runPlan(t, tc.args...)
		if code != tc.code || !strings.HasPrefix(text, "plan: ") || strings.Count(text, "\n") != 1 || strings.Contains(text, "Usage") {
			t.Errorf("%v: exit %d, text %q; want %d and one line", tc.args, code, text, tc.code)
		}
	}
	_, _, text := runPlan(t, "-bogus")
	if text != "plan: flag provided but not defined: -bogus; run with -h for usage\n" {
		t.Errorf("-bogus: %q", text)
	}
	_, _, text = runPlan(t, noRoom...)
	if !strings.HasPrefix(text, "plan: ") || strings.Contains(text, "cannot hold") || !strings.Contains(text, "no open day") {
		t.Errorf("no room: %q; want the library's message once, after the name", text)
	}
	// -h: the usage, exit 0, as every example.
	if code, out, errs := runPlan(t, "-h"); code != 0 || out != "" || !strings.HasPrefix(errs, "Usage: plan") {
		t.Errorf("-h: exit %d, stderr %.80q", code, errs)
	}
}

// The text writes each day with its weekday and each instant as the day,
// the time and the zone, and lists the aftercare by its end. (The plan
// check's conflict messages are the library's; -start's value is for
// typing back.)
func TestTextDatesAndAftercareOrder(t *testing.T) {
	_, out, _ := runPlan(t, "-protocol", "every-2-3-days", "-start", "2027-03-01", "-tz", "Europe/Berlin", "-holiday", "2027-03-10",
		"-unavailable", "2027-03-15..2027-03-16", "-event", "x-ray@2027-03-03T09:00")
	date := regexp.MustCompile(`(\w{3} )?\d{4}-\d{2}-\d{2}`)
	conflicts := false
	for _, line := range strings.Split(out, "\n") {
		conflicts = conflicts || strings.HasPrefix(line, "Conflicts")
		if conflicts {
			break
		}
		for _, m := range date.FindAllStringSubmatch(line, -1) {
			if m[1] == "" {
				t.Errorf("a date without its weekday: %q in %q", m[0], line)
			}
		}
	}
	for _, want := range []string{"holidays Wed 2027-03-10; patient away Mon 2027-03-15 to Tue 2027-03-16",
		"Aftercare after session 1 (Thu 2027-03-18 10:00 CET)", "*10*", "~15~~16~<17>[18]"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	_, list, _ := strings.Cut(out, "until when not to:\n")
	list, _, _ = strings.Cut(list, "\n\n")
	var last time.Time
	var lastActivity string
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line) // activity, until, Mon, 2027-03-02, 14:45, CET, [S3]
		if len(f) < 6 {
			t.Fatalf("aftercare line %q", line)
		}
		until, err := time.Parse("2006-01-02 15:04", f[3]+" "+f[4])
		if err != nil {
			t.Fatalf("aftercare line %q: %v", line, err)
		}
		if until.Before(last) || (until.Equal(last) && f[0] < lastActivity) {
			t.Errorf("%q listed after %s until %v", line, lastActivity, last)
		}
		last, lastActivity = until, f[0]
	}
}
