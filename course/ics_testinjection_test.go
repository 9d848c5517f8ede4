package course_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course"
)

// The test injection is a timed visit of its own in the calendar file (S2:
// the day before the first session), in place of the all-day reminder.
func TestWriteICSTestInjection(t *testing.T) {
	cal, _ := course.NewCalendar(time.UTC, 10, 0, course.WeekdaysOf(time.Sunday))
	p, _ := course.LookupProtocol(course.Weekly)
	first, _ := course.ParseDate("2027-03-01")
	as, err := p.Expand(first, 8, cal)
	if err != nil {
		t.Fatal(err)
	}
	test, err := cal.TestInjection(as[0])
	if err != nil {
		t.Fatal(err)
	}
	opts := course.ICSOptions{UIDDomain: "clinic.example", Stamp: time.Date(2027, 2, 20, 9, 30, 0, 0, time.UTC),
		Aftercare: aftercare.DefaultPolicy(), TestInjection: test}
	var buf bytes.Buffer
	if err := course.WriteICS(&buf, as, opts); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"DTSTART:20270301T100000Z\r\nDTEND:20270301T104500Z\r\nSUMMARY:Scalp mesotherapy\\, test injection\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "allergy test injection") {
		t.Errorf("the all-day allergy test reminder is still there:\n%s", out)
	}
	opts.TestInjection = as[0].Start
	var fe *course.FieldError
	if err := course.WriteICS(&buf, as, opts); !errors.As(err, &fe) || fe.Field != "test_injection" {
		t.Errorf("a test injection at the first session: %v, want a *FieldError at test_injection", err)
	}
}
