package plancheck

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
)

// The helpers of schedule's tests that the plan check's tests draw courses
// with.

type (
	Date      = meso.Date
	DateRange = meso.DateRange
)

var cmpDates = cmp.Comparer(func(a, b meso.Date) bool { return a == b })

// genProtocol draws a valid protocol: a built-in one, or one of one to
// three phases with narrow and wide gaps, phases bounded by sessions or by
// months, and sometimes a minimum span.
func genProtocol() *rapid.Generator[schedule.Protocol] {
	builtin := rapid.Custom(func(t *rapid.T) schedule.Protocol {
		return rapid.SampledFrom(schedule.All()).Draw(t, "builtin")
	})
	custom := rapid.Custom(func(t *rapid.T) schedule.Protocol {
		n := rapid.IntRange(1, 3).Draw(t, "phases")
		p := schedule.Protocol{ID: "generated", Name: "Generated", Sources: []string{"test"}}
		months := 0
		for i := range n {
			lo := rapid.IntRange(1, 20).Draw(t, "gap.min")
			pref := lo + rapid.IntRange(0, 3).Draw(t, "gap.preferred-min")
			hi := pref + rapid.IntRange(0, 4).Draw(t, "gap.max-preferred")
			ph := schedule.Phase{Name: fmt.Sprintf("phase-%d", i), Gap: schedule.Gap{Min: lo, Preferred: pref, Max: hi}}
			if i < n-1 {
				if rapid.Bool().Draw(t, "by-months") {
					months += rapid.IntRange(1, 3).Draw(t, "months")
					ph.Months = months
				} else {
					ph.Sessions = rapid.IntRange(1, 5).Draw(t, "sessions")
				}
			}
			p.Phases = append(p.Phases, ph)
		}
		lo := rapid.IntRange(1, 8).Draw(t, "sessions.min")
		def := lo + rapid.IntRange(0, 4).Draw(t, "sessions.default-min")
		p.Sessions = schedule.Count{Min: lo, Default: def, Max: def + rapid.IntRange(0, 6).Draw(t, "sessions.max-default")}
		if rapid.IntRange(0, 3).Draw(t, "span?") == 0 {
			p.MinMonths = rapid.IntRange(1, 2).Draw(t, "min_months")
			if (p.Sessions.Max-1)*p.MinGap() < 31*p.MinMonths {
				p.MinMonths = 0
			}
		}
		return p
	})
	return rapid.OneOf(builtin, custom)
}

// genStart draws a first date around 2024-2030, leaning on leap days, month
// ends and days of daylight-saving changes.
func genStart() *rapid.Generator[meso.Date] {
	return rapid.Custom(func(t *rapid.T) meso.Date {
		special := []string{"2024-02-29", "2028-02-29", "2027-01-31", "2027-03-14", "2027-03-28", "2027-04-04",
			"2027-10-03", "2027-11-07", "2027-09-04", "2027-03-27", "2011-12-29", "2027-12-31"}
		if rapid.Bool().Draw(t, "special?") {
			d, _ := meso.ParseDate(rapid.SampledFrom(special).Draw(t, "special"))
			return d.AddDays(rapid.IntRange(-10, 3).Draw(t, "shift"))
		}
		d, _ := meso.NewDate(2024, time.January, 1)
		return d.AddDays(rapid.IntRange(0, 7*366).Draw(t, "day"))
	})
}

// genCalendar draws a calendar around start, as schedule's tests do: a zone,
// a time of day (often one a daylight-saving change skips or repeats),
// closed weekdays (up to all but one), holidays and the patient's
// unavailable ranges.
func genCalendar(start meso.Date) *rapid.Generator[struct{ cal clinic.Calendar }] {
	return rapid.Custom(func(t *rapid.T) struct{ cal clinic.Calendar } {
		zone := rapid.SampledFrom(daytest.Zones).Draw(t, "zone")
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatalf("zone %s: %v", zone, err)
		}
		hour := rapid.OneOf(rapid.IntRange(0, 23), rapid.SampledFrom([]int{0, 2, 3, 10})).Draw(t, "hour")
		minute := rapid.SampledFrom([]int{0, 15, 30, 59}).Draw(t, "minute")
		closedN := rapid.IntRange(0, 6).Draw(t, "closed-days")
		perm := rapid.Permutation([]time.Weekday{0, 1, 2, 3, 4, 5, 6}).Draw(t, "weekdays")
		cal, err := clinic.NewCalendar(loc, hour, minute, clinic.WeekdaysOf(perm[:closedN]...))
		if err != nil {
			t.Fatalf("NewCalendar: %v", err)
		}
		var hs []meso.Date
		for range rapid.IntRange(0, 40).Draw(t, "holidays") {
			hs = append(hs, start.AddDays(rapid.IntRange(-5, 300).Draw(t, "holiday")))
		}
		var rs []meso.DateRange
		for range rapid.IntRange(0, 4).Draw(t, "unavailable") {
			from := start.AddDays(rapid.IntRange(-5, 300).Draw(t, "unavailable.from"))
			rs = append(rs, meso.DateRange{From: from, To: from.AddDays(rapid.IntRange(0, 30).Draw(t, "unavailable.days"))})
		}
		if cal, err = cal.WithHolidays(hs...); err != nil {
			t.Fatalf("calendar: %v", err)
		}
		if cal, err = cal.WithUnavailable(rs...); err != nil {
			t.Fatalf("calendar: %v", err)
		}
		return struct{ cal clinic.Calendar }{cal}
	})
}

func benchCalendar(b *testing.B, closed clinic.Weekdays, holidays ...string) clinic.Calendar {
	b.Helper()
	cal, err := clinic.NewCalendar(daytest.Zone(b, "Europe/Berlin"), 10, 0, closed)
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range holidays {
		if cal, err = cal.WithHolidays(daytest.Date(b, h)); err != nil {
			b.Fatal(err)
		}
	}
	return cal
}
