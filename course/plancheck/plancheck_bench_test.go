package plancheck

import (
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/screening"
)

var sinkConflicts []Conflict

// benchPlan is a 15-session course every 2-3 days in Berlin, across the
// change to summer time: every session after the first has a washing
// conflict, so the benchmark measures the check with conflicts to report.
func benchPlan(b *testing.B) Plan {
	b.Helper()
	cal := benchCalendar(b, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup(schedule.Every2to3Days)
	as, err := p.Expand(daytest.Date(b, "2027-03-01"), 15, cal)
	if err != nil {
		b.Fatal(err)
	}
	return Plan{Appointments: as, Aftercare: aftercare.DefaultPolicy()}
}

// The plan check of a 15-session course: with its own conflicts only, with
// the patient's planned events, and with a screening of each date too.
func BenchmarkCheck15(b *testing.B) {
	plain := benchPlan(b)
	quiet := plain
	quiet.Aftercare = aftercare.ShortestStatedPolicy()
	p, _ := schedule.Lookup(schedule.Weekly)
	weekly, err := p.Expand(daytest.Date(b, "2027-03-01"), 15, benchCalendar(b, clinic.WeekdaysOf(time.Sunday)))
	if err != nil {
		b.Fatal(err)
	}
	none := Plan{Appointments: weekly, Aftercare: aftercare.DefaultPolicy()}
	loc := plain.Appointments[0].Start.Location()
	events := plain
	events.Events = []PlannedEvent{
		{Name: "dental X-ray", Activity: aftercare.XRay, From: time.Date(2027, 3, 3, 9, 0, 0, 0, loc)},
		{Name: "the sea", Activity: aftercare.SunExposure, From: time.Date(2027, 3, 20, 0, 0, 0, 0, loc), Until: time.Date(2027, 3, 27, 0, 0, 0, 0, loc)},
		{Name: "sauna", Activity: aftercare.Sauna, From: time.Date(2027, 3, 13, 18, 0, 0, 0, loc), Until: time.Date(2027, 3, 13, 20, 0, 0, 0, loc)},
	}
	screened := events
	in := screening.Intake{BirthDate: daytest.Date(b, "1990-04-12"),
		Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: daytest.Date(b, "2027-02-25")}}}
	screened.Intake = &in
	for _, bc := range []struct {
		name string
		plan Plan
	}{{"weekly-no-conflicts", none}, {"every-2-3-days", plain}, {"shortest-policy", quiet}, {"with-events", events}, {"with-screening", screened}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cs, err := bc.plan.Check()
				if err != nil {
					b.Fatal(err)
				}
				sinkConflicts = cs
			}
		})
	}
}

// Planning a course as a clinic does, from protocol to conflicts: expansion
// of 15 sessions, their aftercare windows and the plan check, reported as
// courses per second on one core.
func BenchmarkPlanAndCheck15(b *testing.B) {
	cal := benchCalendar(b, clinic.WeekdaysOf(time.Sunday), "2027-04-02", "2027-05-01", "2027-05-13")
	first := daytest.Date(b, "2027-03-01")
	policy := aftercare.DefaultPolicy()
	for _, id := range []string{schedule.Weekly, schedule.Every2to3Days} {
		p, _ := schedule.Lookup(id)
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				as, err := p.Expand(first, 15, cal)
				if err != nil {
					b.Fatal(err)
				}
				cs, err := Plan{Appointments: as, Aftercare: policy}.Check()
				if err != nil {
					b.Fatal(err)
				}
				sinkConflicts = cs
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "courses/s")
		})
	}
}
