package schedule_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
)

func ExampleProtocol_Expand() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cal, _ := clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday))
	holiday, _ := meso.ParseDate("2027-03-29") // Easter Monday
	cal, _ = cal.WithHolidays(holiday)

	p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
	first, _ := meso.ParseDate("2027-03-01")
	appointments, err := p.Expand(first, 8, cal)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Sunday 2027-02-28 is closed, so the test injection (S2: the day
	// before the first session) is on Monday and the course starts Tuesday.
	test, _ := schedule.TestInjection(cal, appointments[0])
	fmt.Println("test injection", test.Format("Mon 2006-01-02 15:04 MST"))
	for _, a := range appointments {
		fmt.Println(a.N, a.Start.Format("Mon 2006-01-02 15:04 MST"), a.Phase)
	}
	// Output:
	// test injection Mon 2027-03-01 10:00 CET
	// 1 Tue 2027-03-02 10:00 CET weekly
	// 2 Tue 2027-03-09 10:00 CET weekly
	// 3 Tue 2027-03-16 10:00 CET weekly
	// 4 Tue 2027-03-23 10:00 CET weekly
	// 5 Tue 2027-03-30 10:00 CEST weekly
	// 6 Tue 2027-04-13 10:00 CEST biweekly
	// 7 Tue 2027-04-27 10:00 CEST biweekly
	// 8 Tue 2027-05-11 10:00 CEST biweekly
}

func ExampleProtocol_ExpandSeq() {
	cal, _ := clinic.NewCalendar(time.UTC, 9, 30, clinic.WeekdaysOf(time.Saturday, time.Sunday))
	p, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	first, _ := meso.ParseDate("2027-06-01")
	for a, err := range p.ExpandSeq(first, 0, cal) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(a.N, a.Start.Format("Mon 2006-01-02"), "window", a.Earliest, "to", a.Latest)
	}
	// Output:
	// 1 Tue 2027-06-01 window 2027-06-01 to 2027-06-01
	// 2 Thu 2027-07-01 window 2027-06-28 to 2027-07-01
	// 3 Fri 2027-07-30 window 2027-07-28 to 2027-07-31
	// 4 Fri 2027-08-27 window 2027-08-26 to 2027-08-29
}

func ExampleNoOpenDayError() {
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	// Ten days away: no 6-8 day gap of a weekly course crosses them, and
	// a course of ten sessions starting within four weeks must.
	away, _ := meso.ParseDateRange("2027-02-15..2027-02-24")
	cal, _ = cal.WithUnavailable(away)
	p, _ := schedule.Lookup(schedule.GreyingWeekly)
	first, _ := meso.ParseDate("2027-01-11")
	_, err := p.Expand(first, 0, cal)

	var noDay *schedule.NoOpenDayError
	if errors.As(err, &noDay) {
		fmt.Println("session", noDay.Session, "after any of", len(noDay.Before), "days, the last", noDay.After)
		fmt.Println("first session tried", noDay.Starts)
		for _, d := range noDay.Tried {
			fmt.Println(d.Date, d.Reason)
		}
	}
	// Output:
	// session 9 after any of 4 days, the last 2027-02-13
	// first session tried 2027-01-12..2027-02-09
	// 2027-02-14 closed-weekday
	// 2027-02-15 patient-unavailable
	// 2027-02-16 patient-unavailable
	// 2027-02-17 patient-unavailable
	// 2027-02-18 patient-unavailable
	// 2027-02-19 patient-unavailable
	// 2027-02-20 patient-unavailable
}

func ExampleProtocol_Reschedule() {
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup(schedule.Weekly)
	// Two sessions done; the patient missed the third and is back from
	// Thursday 2027-02-04.
	performed := []time.Time{
		time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC),
		time.Date(2027, 1, 18, 10, 20, 0, 0, time.UTC),
	}
	back, _ := meso.ParseDate("2027-02-04")
	appointments, _ := p.Reschedule(performed, back, 8, cal)
	for _, a := range appointments {
		fmt.Println(a.N, a.Start.Format("Mon 01-02 15:04"))
	}
	// Output:
	// 1 Mon 01-11 10:00
	// 2 Mon 01-18 10:20
	// 3 Thu 02-04 10:00
	// 4 Thu 02-11 10:00
	// 5 Thu 02-18 10:00
	// 6 Thu 02-25 10:00
	// 7 Thu 03-04 10:00
	// 8 Thu 03-11 10:00
}

func ExampleProtocol_Next() {
	p, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
	var done []meso.Date
	for _, s := range []string{"2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01", "2027-02-08"} {
		d, _ := meso.ParseDate(s)
		done = append(done, d)
	}
	w, _ := p.Next(done)
	fmt.Printf("session %d (%s): %s to %s, best %s\n", w.Session, w.Phase, w.Earliest, w.Latest, w.Preferred)
	fmt.Println("never closer than", p.MinGap(), "days; at most", p.Sessions.Max, "sessions")
	// Output:
	// session 6 (biweekly): 2027-02-19 to 2027-02-22, best 2027-02-22
	// never closer than 4 days; at most 15 sessions
}

func ExampleAll() {
	for _, p := range schedule.All() {
		var gaps []string
		for _, ph := range p.Phases {
			gaps = append(gaps, fmt.Sprintf("%d-%d-%d", ph.Gap.Min, ph.Gap.Preferred, ph.Gap.Max))
		}
		fmt.Printf("%-21s %-13s sessions %d-%d (default %d)\n", p.ID, strings.Join(gaps, ","), p.Sessions.Min, p.Sessions.Max, p.Sessions.Default)
	}
	// Output:
	// every-2-3-days        2-2-3         sessions 11-17 (default 11)
	// twice-weekly          3-3-4         sessions 8-16 (default 12)
	// weekly                4-7-7         sessions 8-16 (default 12)
	// weekly-then-biweekly  4-7-7,11-14-14 sessions 8-15 (default 11)
	// biweekly              13-14-15      sessions 3-6 (default 4)
	// every-2-3-weeks       14-14-21      sessions 5-10 (default 8)
	// greying-weekly        4-7-7         sessions 10-10 (default 10)
	// monthly-maintenance   27-30-30      sessions 3-6 (default 4)
}

func ExampleLoad() {
	house := `{"id": "house-weekly", "name": "House weekly course",
	  "phases": [{"name": "main", "gap": {"min": 6, "preferred": 7, "max": 9}}],
	  "sessions": {"min": 6, "max": 10, "default": 12},
	  "sources": ["clinic protocol 2027"]}`
	_, err := schedule.Load(strings.NewReader(house))
	fmt.Println(err)

	// A built-in protocol in the same form, as a template.
	p, _ := schedule.Lookup(schedule.Biweekly)
	data, _ := json.Marshal(p.Phases)
	fmt.Println(string(data))
	// Output:
	// sessions.max (of "house-weekly") = "10": invalid: below sessions.default 12
	// [{"name":"main","gap":{"min":13,"preferred":14,"max":15}}]
}
