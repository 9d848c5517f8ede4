package main

import (
	"bytes"
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
