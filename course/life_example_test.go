package course_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// A course's first weeks: a screening, the test injection the day before
// the first session, then weekly sessions, each after a screening on its day.
func ExampleApply() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(day, hour int) time.Time { return time.Date(2027, 3, day, hour, 0, 0, 0, berlin) }
	p, _ := schedule.Lookup(schedule.GreyingWeekly)
	c, _ := course.NewCourse(p, "greying-cocktail", 0, berlin)
	birth, _ := meso.NewDate(1990, time.April, 12)
	patient, _ := screening.NewScreener(screening.Intake{BirthDate: birth}, screening.Options{Preparation: "greying-cocktail"})
	screened := func(at time.Time) event.Screened {
		r, _ := patient.Screen(meso.DateOf(at))
		return event.Screened{At: at, Result: r}
	}

	step := func(e event.Event) {
		var err error
		if c, err = course.Apply(c, e); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-22s -> %s\n", e.Kind(), c.State())
	}
	step(screened(at(1, 9)))
	step(event.TestInjection{At: at(1, 10), Preparation: "greying-cocktail"})

	// Too soon: the test injection was today.
	step(event.SessionPerformed{At: at(1, 11), Preparation: "greying-cocktail", Technique: "papular", Zones: event.WholeScalp, Injections: 40})

	for day := 2; day <= 16; day += 7 {
		step(screened(at(day, 9)))
		step(event.SessionPerformed{At: at(day, 10), Preparation: "greying-cocktail", Technique: "papular", Zones: event.WholeScalp, Injections: 40})
	}
	// Not screened today: the latest screening was a week ago.
	step(event.SessionPerformed{At: at(23, 10), Preparation: "greying-cocktail", Technique: "papular", Zones: event.WholeScalp, Injections: 40})

	w, _ := c.Next()
	fmt.Println("done", c.Done(), "remaining", c.Remaining(), "next from", w.Earliest, "to", w.Latest)
	// Output:
	// screened               -> cleared
	// test-injection         -> ready
	// session-performed refused in state ready (test-injection-not-day-before): the first session with a preparation comes the day after its test injection (S2): test injection on 2027-03-01, session on 2027-03-01 (the first session with greying-cocktail comes 1 to 1 days after its test)
	// screened               -> ready
	// session-performed      -> active
	// screened               -> active
	// session-performed      -> active
	// screened               -> active
	// session-performed      -> active
	// session-performed refused in state active (screening-not-on-session-day): the latest screening was not made on the session's day: screened on 2027-03-16, session on 2027-03-23 (a screening is valid 0 days after its own)
	// done 3 remaining 7 next from 2027-03-20 to 2027-03-23
}

// A clinic keeps a course as its log of events, in JSON, and rebuilds the
// course from it.
func ExampleReplay() {
	data := `{"version": 3, "protocol": ` + protocolJSON(schedule.Biweekly) + `, "preparation": "needle-mesotherapy-mix", "sessions": 0,
	  "zone": "Europe/Berlin", "safety": {"screening_valid_days": 0, "test_lead_days": 1},
	  "events": [
	    {"kind": "screened", "at": "2027-03-01T09:00:00Z",
	     "result": {"date": "2027-03-01", "preparation": "needle-mesotherapy-mix",
	                "verdict": "cleared", "until": null, "policy": "meso-default", "findings": []}},
	    {"kind": "test-injection", "at": "2027-03-01T10:30:00+01:00", "preparation": "needle-mesotherapy-mix"},
	    {"kind": "screened", "at": "2027-03-02T09:00:00+01:00",
	     "result": {"date": "2027-03-02", "preparation": "needle-mesotherapy-mix",
	                "verdict": "cleared", "until": null, "policy": "meso-default", "findings": []}},
	    {"kind": "session-performed", "at": "2027-03-02T10:00:00+01:00", "preparation": "needle-mesotherapy-mix",
	     "technique": "multipuncture", "zones": "crown,temples", "injections": 100},
	    {"kind": "observation", "at": "2027-03-10T18:00:00+01:00", "observed": "shedding"},
	    {"kind": "session-missed", "at": "2027-03-16T10:00:00+01:00", "reason": "flu"}
	  ]}`
	log, err := event.DecodeLog(strings.NewReader(data))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := course.Replay(log)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := c.Next()
	fmt.Println(c.State(), c.Done(), "done,", c.Missed(), "missed; next", w.Earliest, "to", w.Latest)
	fmt.Println("accepts:", c.State().Accepts())
	// Output:
	// active 1 done, 1 missed; next 2027-03-15 to 2027-03-17
	// accepts: [screened test-injection session-performed session-missed hold adverse-event preparation-changed main-course-completed cancelled observation]
}

// A course saves as its log's JSON and loads by replaying it: the clinic
// keeps the course, not a list of events beside it.
func ExampleCourse_MarshalJSON() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	p, _ := schedule.Lookup(schedule.Weekly)
	c, _ := course.NewCourse(p, "greying-cocktail", 0, berlin)
	c, _ = course.Apply(c, event.Observation{At: time.Date(2027, 3, 1, 9, 0, 0, 0, berlin), Observed: event.Shedding})
	c, _ = course.Apply(c, event.AdverseEvent{At: time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), Complication: event.Bruising, Grade: event.Mild})

	data, err := json.Marshal(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	var loaded course.Course
	if err := json.Unmarshal(data, &loaded); err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range loaded.Log().Events {
		event, _ := json.Marshal(e)
		fmt.Printf("%s %s\n", e.Kind(), event)
	}
	fmt.Println(loaded.State())
	// Output:
	// observation {"at":"2027-03-01T09:00:00+01:00","observed":"shedding"}
	// adverse-event {"at":"2027-03-01T11:00:00+01:00","complication":"bruising","grade":"mild"}
	// planned
}

func protocolJSON(id string) string {
	p, _ := schedule.Lookup(id)
	data, _ := json.Marshal(p)
	return string(data)
}
