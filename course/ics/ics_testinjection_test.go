package ics_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

// The test injection is a timed visit of its own in the calendar file (S2:
// the day before the first session), in place of the all-day reminder.
func TestWriteICSTestInjection(t *testing.T) {
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup(schedule.Weekly)
	first, _ := meso.ParseDate("2027-03-01")
	as, err := p.Expand(first, 8, cal)
	if err != nil {
		t.Fatal(err)
	}
	test, err := schedule.TestInjection(cal, as[0])
	if err != nil {
		t.Fatal(err)
	}
	opts := ics.Options{UIDDomain: "clinic.example", Course: "record-1042", Stamp: time.Date(2027, 2, 20, 9, 30, 0, 0, time.UTC),
		Aftercare: aftercare.DefaultPolicy(), TestInjection: test}
	var buf bytes.Buffer
	if err := ics.Write(&buf, as, opts); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"DTSTART:20270301T100000Z\r\nDTEND:20270301T104500Z\r\nSUMMARY:Test injection (mesotherapy)\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SUMMARY:"+"Allergy test at the clinic") {
		t.Errorf("the all-day allergy test reminder is still there:\n%s", out)
	}
	// A re-plan that moves the test injection moves the same event: its
	// UID names the course's test injection, not its time.
	uid := func(out string) string {
		i := strings.Index(out, "SUMMARY:Test injection")
		j := strings.LastIndex(out[:i], "UID:")
		return out[j : j+strings.Index(out[j:], "\r\n")]
	}
	moved := opts
	moved.TestInjection = test.Add(2 * time.Hour)
	var again bytes.Buffer
	if err := ics.Write(&again, as, moved); err != nil {
		t.Fatal(err)
	}
	if a, b := uid(out), uid(again.String()); a != b {
		t.Errorf("the moved test injection has %s, the first %s: want one UID", b, a)
	}
	opts.TestInjection = as[0].Start
	var fe *meso.FieldError
	if err := ics.Write(&buf, as, opts); !errors.As(err, &fe) || fe.Field != "test_injection" {
		t.Errorf("a test injection at the first session: %v, want a *FieldError at test_injection", err)
	}
}
