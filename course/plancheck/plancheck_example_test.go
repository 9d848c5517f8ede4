package plancheck_test

import (
	"fmt"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/plancheck"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

func ExamplePlan_Check() {
	// A course every 2-3 days (S1): each session asks for the hair washed
	// the day before (S0, S4), inside the 72 hours without washing after
	// the session before (S2). The patient also plans a dental X-ray.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cal, _ := clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup(schedule.Every2to3Days)
	first, _ := meso.ParseDate("2027-03-01")
	appointments, err := p.Expand(first, 0, cal)
	if err != nil {
		fmt.Println(err)
		return
	}

	conflicts, err := plancheck.Plan{
		Appointments: appointments[:3], // the first week
		Aftercare:    aftercare.DefaultPolicy(),
		Events: []plancheck.PlannedEvent{{
			Name:     "dental X-ray",
			Activity: aftercare.XRay,
			From:     time.Date(2027, 3, 3, 8, 30, 0, 0, berlin),
		}},
	}.Check()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range conflicts {
		fmt.Println(c.Kind, c.Planned.Sessions, c.Restriction.Sessions, c.Planned.Sources, c.Restriction.Sources)
	}
	fmt.Println(conflicts[0].Message)
	// Output:
	// requirement-in-window [2] [1] [000_7934046213d2aa4f.txt 004_9a93728177cef214.txt] [002_6bebe3655e9b3749.txt]
	// event-in-window [] [1] [] [001_47773e55ef5146b0.txt]
	// requirement-in-window [3] [1 2] [000_7934046213d2aa4f.txt 004_9a93728177cef214.txt] [002_6bebe3655e9b3749.txt]
	// session 2 (Thu 2027-03-04 10:00 CET) asks for wash-hair-day-before on Wed 2027-03-03, but wash-hair is restricted for 72 h after the end of session 1, until Fri 2027-03-05 10:45 CET: all of it is blocked
}

func ExamplePlan_Check_screening() {
	// The patient last took an anticoagulant on 26 February: S2's 7-10 days,
	// at their strictest, defer her through 7 March.
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup(schedule.Weekly)
	first, _ := meso.ParseDate("2027-03-01")
	appointments, err := p.Expand(first, 8, cal)
	if err != nil {
		fmt.Println(err)
		return
	}
	born, _ := meso.ParseDate("1985-06-02")
	lastDose, _ := meso.ParseDate("2027-02-26")
	intake := screening.Intake{BirthDate: born,
		Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: lastDose}}}

	conflicts, err := plancheck.Plan{Appointments: appointments, Aftercare: aftercare.DefaultPolicy(), Intake: &intake}.Check()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range conflicts {
		fmt.Println(c.Kind, c.Restriction.Rules, c.Restriction.Until.Format(time.DateOnly))
		fmt.Println(c.Message)
	}
	// Output:
	// appointment-deferred [anticoagulant] 2027-03-08
	// session 1 (Tue 2027-03-02 10:00 UTC): screening defers the patient on 2027-03-02 until 2027-03-08, the first day a session may go ahead (anticoagulant)
}
