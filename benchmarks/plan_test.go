package benchmarks

import (
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/plancheck"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// typicalIntake is the example intake: a diabetic woman on an
// anticoagulant, allergic to procaine and B vitamins, with a period due and a
// reaction to hair dye behind her.
const typicalIntake = `{
  "birth_date": "1990-04-12", "sex": "female", "pregnant": false, "lactating": false,
  "menstruation": [{"from": "2027-01-08", "to": "2027-01-12"}],
  "conditions": ["diabetes"],
  "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}],
  "allergies": ["procaine", "b-vitamins"],
  "prior_reactions": ["hair-dye"],
  "indications": ["diffuse-alopecia"]
}`

func BenchmarkScreen(b *testing.B) {
	in, err := screening.DecodeIntake(strings.NewReader(typicalIntake))
	if err != nil {
		b.Fatal(err)
	}
	on := date(2027, time.January, 10)
	opts := screening.Options{Preparation: "greying-cocktail"}
	b.Run("typical-intake", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if r, err := screening.Screen(in, on, opts); err != nil || r.Verdict != screening.Refused {
				b.Fatal(r.Verdict, err)
			}
		}
	})
}

func BenchmarkAftercare(b *testing.B) {
	p, _ := schedule.Lookup(schedule.Weekly)
	appts, err := p.Expand(first, 15, calendar(b))
	if err != nil {
		b.Fatal(err)
	}
	sessions := make([]time.Time, len(appts))
	for i, a := range appts {
		sessions[i] = a.Start
	}
	policy := aftercare.DefaultPolicy()
	b.Run("15-sessions", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if r := policy.Course(sessions...); len(r.Of(aftercare.WashHair)) == 0 {
				b.Fatal("no washing window")
			}
		}
	})
}

// planCourses plans n courses as a clinic chain re-plans its open courses:
// each one expanded in a calendar closed on Sundays with a holiday, its
// aftercare merged and the plan checked, over every main protocol and a year
// of first dates. It returns the number of conflicts found, so that nothing
// is optimised away.
func planCourses(b *testing.B, n int) int {
	cal := calendar(b)
	cal, err := clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday))
	if err != nil {
		b.Fatal(err)
	}
	if cal, err = cal.WithHolidays(date(2027, time.April, 5)); err != nil {
		b.Fatal(err)
	}
	var protocols []schedule.Protocol
	for _, p := range schedule.All() {
		if !p.Maintenance {
			protocols = append(protocols, p)
		}
	}
	policy := aftercare.DefaultPolicy()
	conflicts := 0
	for i := range n {
		p := &protocols[i%len(protocols)]
		appts, err := p.Expand(first.AddDays(i%365), 0, cal)
		if err != nil {
			continue // a calendar that cannot hold the protocol is an answer too
		}
		found, err := plancheck.Plan{Appointments: appts, Aftercare: policy}.Check()
		if err != nil {
			b.Fatal(err)
		}
		conflicts += len(found)
	}
	return conflicts
}

// BenchmarkPlanCourses plans 10,000 and 100,000 courses per operation; run it
// on one core (-cpu 1) and read courses/s and B/course: the cost per course
// is the same at both sizes, so it grows linearly.
func BenchmarkPlanCourses(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(map[int]string{10_000: "10k", 100_000: "100k"}[n], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if planCourses(b, n) == 0 {
					b.Fatal("no conflicts: every-2-3-days has some")
				}
			}
			secs := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(n)/secs, "courses/s")
			b.ReportMetric(secs*1e9/float64(n), "ns/course")
		})
	}
}
