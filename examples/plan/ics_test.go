package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// -format ics writes a calendar a phone imports: an independent parser reads
// it, with one event per session besides the aftercare reminders.
func TestICSFormat(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	var out, errs bytes.Buffer
	code := run([]string{"-format", "ics", "-course", "c-1", "-start", "2027-03-01", "-tz", "Europe/Berlin", "-preparation", "greying-cocktail"}, nil, now, &out, &errs)
	if code != 0 || errs.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	if !strings.HasPrefix(out.String(), "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(out.String(), "END:VCALENDAR\r\n") {
		t.Fatalf("output is not a CRLF calendar: %.60q", out.String())
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out.String()))
	if err != nil {
		t.Fatalf("the independent parser rejects the output: %v", err)
	}
	sessions := 0
	for _, e := range cal.Events() {
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil && strings.Contains(p.Value, "session") {
			sessions++
		}
	}
	if sessions != 11 { // weekly-then-biweekly's default count
		t.Errorf("%d session events, want 11", sessions)
	}
	// The same plan made again gives the same calendar: UIDs and all.
	var again bytes.Buffer
	run([]string{"-format", "ics", "-course", "c-1", "-start", "2027-03-01", "-tz", "Europe/Berlin", "-preparation", "greying-cocktail"}, nil, now, &again, &errs)
	if !bytes.Equal(out.Bytes(), again.Bytes()) {
		t.Errorf("the same plan wrote a different calendar")
	}
}

// A patient screening refuses gets no calendar: the screening goes to
// standard error, nothing to standard output, exit 3.
func TestICSFormatRefused(t *testing.T) {
	var out, errs bytes.Buffer
	code := run([]string{"-format", "ics", "-start", "2027-03-01", "-intake", "../screen/sample.json"}, nil, time.Now(), &out, &errs)
	if code != 3 || out.Len() > 0 || !strings.Contains(errs.String(), "REFUSED") {
		t.Errorf("exit %d, stdout %d bytes, stderr %.80q; want 3, nothing, the screening", code, out.Len(), errs.String())
	}
}

// A re-plan from the previous plan's JSON: the holiday on the seventh
// session's day moves sessions 7-11; the update keeps every session's UID,
// raises every SEQUENCE to the JSON's plus one, and cancels nothing that
// the new plan still has. Its own JSON says the next SEQUENCE.
func TestICSPrevious(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-start", "2027-03-01", "-tz", "Europe/Berlin", "-course", "patient-17", "-reminder", "24h"}
	var out, errs bytes.Buffer
	if code := run(append(args, "-format", "json"), nil, now, &out, &errs); code != 0 {
		t.Fatalf("json: exit %d, %s", code, errs.String())
	}
	prev := dir + "/plan.json"
	if err := os.WriteFile(prev, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var plan struct {
		Appointments []struct {
			N     int       `json:"n"`
			Start time.Time `json:"start"`
		} `json:"appointments"`
	}
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatal(err)
	}
	holiday := plan.Appointments[6].Start.Format("2006-01-02")
	first := writeCalendar(t, append(args, "-format", "ics"))
	update := writeCalendar(t, append(args, "-format", "ics", "-holiday", holiday, "-previous", prev))

	uids := map[string]string{} // summary → UID
	for _, e := range first.Events() {
		uids[e.GetProperty(ics.ComponentPropertySummary).Value] = e.Id()
	}
	moved := 0
	for _, e := range update.Events() {
		summary := e.GetProperty(ics.ComponentPropertySummary).Value
		if seq := e.GetProperty(ics.ComponentPropertySequence); seq == nil || seq.Value != "1" {
			t.Errorf("%q: SEQUENCE %v, want 1", summary, seq)
		}
		if !strings.Contains(summary, "session") {
			continue
		}
		if uids[summary] != e.Id() {
			t.Errorf("%q: UID %s, was %s", summary, e.Id(), uids[summary])
		}
		if status := e.GetProperty(ics.ComponentPropertyStatus); status != nil {
			t.Errorf("%q: STATUS %s; the new plan has every session", summary, status.Value)
		}
		if len(e.Alarms()) != 1 {
			t.Errorf("%q: %d alarms, want the -reminder", summary, len(e.Alarms()))
		}
		if e.GetProperty(ics.ComponentPropertyDtStart).Value != firstStart(first, summary) {
			moved++
		}
	}
	if moved != 5 {
		t.Errorf("%d sessions moved, want 5 (sessions 7-11)", moved)
	}

	out.Reset()
	if code := run(append(args, "-format", "json", "-holiday", holiday, "-previous", prev), nil, now, &out, &errs); code != 0 {
		t.Fatalf("json with -previous: exit %d, %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "\"calendar\": {\n    \"course\": \"patient-17\",\n    \"sequence\": 1\n  }") {
		t.Errorf("the re-plan's JSON does not say course patient-17, sequence 1:\n%.300s", out.String()[strings.Index(out.String(), "\"calendar\""):])
	}
	// The course is the previous plan's; another is an error.
	var ignored bytes.Buffer
	errs.Reset()
	if code := run([]string{"-start", "2027-03-01", "-tz", "Europe/Berlin", "-format", "ics", "-course", "patient-18", "-previous", prev}, nil, now, &ignored, &errs); code != 2 || !strings.Contains(errs.String(), `-course: the previous plan`) {
		t.Errorf("another course: exit %d, %q", code, errs.String())
	}
}

func firstStart(cal *ics.Calendar, summary string) string {
	for _, e := range cal.Events() {
		if e.GetProperty(ics.ComponentPropertySummary).Value == summary {
			return e.GetProperty(ics.ComponentPropertyDtStart).Value
		}
	}
	return ""
}

func writeCalendar(t *testing.T, args []string) *ics.Calendar {
	t.Helper()
	var out, errs bytes.Buffer
	if code := run(args, nil, now, &out, &errs); code != 0 || errs.Len() > 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errs.String())
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// Bad -reminder, -previous and a missing -course say what is wrong.
func TestICSFlags(t *testing.T) {
	dir := t.TempDir()
	empty := dir + "/empty.json"
	os.WriteFile(empty, []byte(`{"appointments": []}`), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-format", "ics", "-course", "c-1", "-reminder", "soon"}, 2, `invalid value "soon" for flag -reminder`},
		{[]string{"-format", "ics", "-course", "c-1", "-reminder", "-1h"}, 2, `invalid value "-1h0m0s" for flag -reminder`},
		{[]string{"-format", "ics", "-course", "c-1", "-reminder", "200h"}, 2, `for flag -reminder`},
		{[]string{"-format", "ics", "-course", "c-1", "-previous", dir + "/none.json"}, 2, `for flag -previous`},
		{[]string{"-format", "ics", "-course", "c-1", "-previous", empty}, 2, `no appointments`},
		{[]string{"-format", "ics"}, 0, `no -course given`},
	} {
		var out, errs bytes.Buffer
		code := run(append([]string{"-start", "2027-03-01"}, c.args...), nil, now, &out, &errs)
		if code != c.code || !strings.Contains(errs.String(), c.want) || (code != 0) != (out.Len() == 0) {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q; want %d and %q", c.args, code, out.Len(), errs.String(), c.code, c.want)
		}
	}
}
