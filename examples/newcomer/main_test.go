package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
)

// The walk runs end to end as a user runs it, with the calendar to a file,
// and says what it did: the preparation, the verdicts, the plan, the
// course's states, the saved course.
func TestRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "course.ics")
	var out, errs bytes.Buffer
	if code := run([]string{"-ics", path}, &out, &errs); code != 0 || errs.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	text := out.String()
	weekly, err := schedule.Lookup(schedule.Weekly)
	if err != nil {
		t.Fatal(err)
	}
	n := weekly.Sessions.Default
	for _, want := range []string{
		// Diffuse alopecia, a procaine allergy: the first preparation
		// without procaine, and procaine added is the conflict.
		"preparation: allopathic-cocktail - ",
		"  with procaine added: procaine contains procaine added: true\n",
		// Aspirin on 26 February defers the first visit; the day it ends clears.
		"screening Mon 2027-03-01: deferred until Mon 2027-03-08\n",
		"  finding: aspirin temporary until Mon 2027-03-08 ",
		fmt.Sprintf("plan: %d sessions, Tue 2027-03-09 10:00 CET to ", n),
		"  wash hair that evening? false - from Fri 2027-03-12 10:45 CET\n",
		fmt.Sprintf("rescheduled: %d sessions, next Tue 2027-04-13 10:00 CEST ", n),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// Every event the walk applies, with the state it leads to: each
	// session after a screening on its own day, the test injection the day
	// before the first.
	var kinds, states []string
	for _, m := range regexp.MustCompile(`(?m)^  \w{3} \d{4}-\d\d-\d\d \d\d:\d\d \w+ +(\S+) +-> (\S+) `).FindAllStringSubmatch(text, -1) {
		kinds, states = append(kinds, m[1]), append(states, m[2])
	}
	wantKinds := []string{"screened", "screened", "test-injection",
		"screened", "session-performed", "screened", "session-performed", "screened", "session-performed",
		"session-missed", "hold", "resume"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if len(states) == len(wantKinds) && (states[0] != "on-hold" || states[1] != "cleared" || states[2] != "ready" || states[len(states)-1] != "active") {
		t.Errorf("states %v: want on-hold after the deferral, cleared when it ends, ready after the test, active after the resume", states)
	}
	if !strings.Contains(text, fmt.Sprintf("loaded: active %d events, saved again the same: true\n", len(wantKinds))) {
		t.Errorf("the saved course did not load back as itself:\n%s", text)
	}
	checkCalendar(t, path, n)
}

// checkCalendar reads the calendar at path with an independent parser: one
// event per session, each after a "wash your hair" the day before, the test
// injection as a visit, and one "No ..." event per span of the merged
// aftercare windows of the sessions.
func checkCalendar(t *testing.T, path string, sessions int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no calendar written: %v", err)
	}
	defer f.Close()
	cal, err := ical.ParseCalendar(f)
	if err != nil {
		t.Fatalf("the calendar does not parse: %v", err)
	}
	counts := map[string]int{}
	uids := map[string]bool{}
	var starts []time.Time
	for _, e := range cal.Events() {
		summary := e.GetProperty(ical.ComponentPropertySummary).Value
		switch {
		case strings.Contains(summary, ", session "):
			counts["session"]++
			start, err := e.GetStartAt()
			if err != nil {
				t.Fatalf("%s: %v", summary, err)
			}
			starts = append(starts, start)
		case strings.HasPrefix(summary, "Test injection"):
			counts["test"]++
		case strings.HasPrefix(summary, "Wash your hair"):
			counts["wash"]++
		case strings.HasPrefix(summary, "No "):
			counts["aftercare"]++
		default:
			t.Errorf("an event the walk does not write: %q", summary)
		}
		uids[e.Id()] = true
	}
	spans := map[[2]time.Time]bool{}
	for _, w := range aftercare.DefaultPolicy().Course(starts...).Windows() {
		spans[[2]time.Time{w.From.UTC(), w.Until.UTC()}] = true
	}
	want := map[string]int{"session": sessions, "test": 1, "wash": sessions, "aftercare": len(spans)}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("calendar events (-want +got):\n%s", diff)
	}
	if total := len(cal.Events()); len(uids) != total {
		t.Errorf("%d VEVENTs with %d UIDs: want each its own", total, len(uids))
	}
}

// The course the walk saves as JSON loads back with the same log, event by
// event, in the clinic's zone.
func TestRoundTrip(t *testing.T) {
	c, loaded := walk(io.Discard, filepath.Join(t.TempDir(), "course.ics"))
	opts := cmp.Options{
		cmp.Comparer(func(a, b meso.Date) bool { return a == b }),
		cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
		cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) && a.Location().String() == b.Location().String() }),
	}
	if diff := cmp.Diff(c.Log(), loaded.Log(), opts); diff != "" {
		t.Errorf("the log loaded back differs (-saved +loaded):\n%s", diff)
	}
	if c.State() != loaded.State() || c.Done() != loaded.Done() || c.Remaining() != loaded.Remaining() {
		t.Errorf("loaded %v, %d done, %d to go; saved %v, %d, %d", loaded.State(), loaded.Done(), loaded.Remaining(), c.State(), c.Done(), c.Remaining())
	}
}

// Without -ics the calendar follows the walk on standard output; -h is the
// usage, and a flag it does not take or a file it cannot write is one line,
// as in every example.
func TestFlags(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(nil, &out, &errs); code != 0 || !strings.Contains(out.String(), "\nBEGIN:VCALENDAR\r\n") || !strings.HasSuffix(out.String(), "END:VCALENDAR\r\n") {
		t.Errorf("exit %d, stderr %q, stdout ends %q", code, errs.String(), out.String()[max(0, out.Len()-40):])
	}
	errs.Reset()
	if code := run([]string{"-v"}, io.Discard, &errs); code != 2 || errs.String() != "newcomer: flag provided but not defined: -v; run with -h for usage\n" {
		t.Errorf("-v: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"-h"}, io.Discard, &errs); code != 0 || !strings.Contains(errs.String(), "-ics file") {
		t.Errorf("-h: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"-ics", filepath.Join(t.TempDir(), "no", "such", "dir.ics")}, io.Discard, &errs); code != 1 || !strings.HasPrefix(errs.String(), "newcomer: open ") || strings.Count(errs.String(), "\n") != 1 {
		t.Errorf("an unwritable -ics: exit %d, stderr %q; want 1 and one line", code, errs.String())
	}
}
