package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"

	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

var berlin, _ = time.LoadLocation("Europe/Berlin")

// march returns 10:00 in Berlin on day d of March 2027 (days past 31 run on into April).
func march(d int) time.Time { return time.Date(2027, 3, d, 10, 0, 0, 0, berlin) }

// cleared returns a screening for greying-cocktail that clears a healthy
// patient at the instant at (in Berlin).
func cleared(at time.Time) event.Screened { return clearedFor(at, "greying-cocktail") }

func clearedFor(at time.Time, preparation string) event.Screened {
	birth, _ := meso.NewDate(1990, time.April, 12)
	r, err := screening.Screen(screening.Intake{BirthDate: birth, Sex: formulary.Female}, meso.DateOf(at.In(berlin)), screening.Options{Preparation: preparation})
	if err != nil {
		panic(err)
	}
	return event.Screened{At: at, Result: r}
}

func sessionAt(at time.Time) event.SessionPerformed {
	return event.SessionPerformed{At: at, Preparation: "greying-cocktail", Technique: "papular", Zones: event.WholeScalp, Injections: 40}
}

// ready returns a weekly course screened on 1 March and tested on 2 March.
func ready(t *testing.T, id string) Course {
	t.Helper()
	p, _ := schedule.Lookup(id)
	c, err := NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	return mustApply(t, c, cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"})
}

// mustApply applies the events, each of which must be accepted. A session
// comes with the screening on its day that the safety conditions ask for:
// when the course's latest screening is not on the session's day, mustApply
// applies one, for the course's preparation, 30 minutes before it.
// prescreen returns c after the screening that a session e needs on its day
// (see mustApply), or c as it is when e is no session, the course has its
// screening already, or does not accept one.
func prescreen(c Course, e event.Event) Course {
	s, ok := e.(event.SessionPerformed)
	if !ok || c.State() == 0 || c.State() == OnHold { // a clearing screening would lift the hold
		return c
	}
	if r, _ := c.Screening(); r.Date == meso.DateOf(s.At.In(c.Zone())) && r.Preparation == c.Preparation() {
		return c
	}
	if next, err := Apply(c, clearedFor(s.At.Add(-30*time.Minute), c.Preparation())); err == nil {
		return next
	}
	return c
}

func mustApply(t *testing.T, c Course, events ...event.Event) Course {
	t.Helper()
	for _, e := range events {
		var err error
		if s, ok := e.(event.SessionPerformed); ok {
			if r, _ := c.Screening(); r.Date != meso.DateOf(s.At.In(c.Zone())) || r.Preparation != c.Preparation() {
				if c, err = Apply(c, clearedFor(s.At.Add(-30*time.Minute), c.Preparation())); err != nil {
					t.Fatalf("Apply(screened before the session): %v", err)
				}
			}
		}
		if c, err = Apply(c, e); err != nil {
			t.Fatalf("Apply(%s): %v", e.Kind(), err)
		}
	}
	return c
}

// Each guard, with the rule it names.
func TestGuards(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	planned, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	for _, tc := range []struct {
		name   string
		course func(*testing.T) Course
		event  event.Event
		want   error
	}{
		{"no session while planned (S2)", func(*testing.T) Course { return planned }, sessionAt(march(3)), ErrNotReady},
		{"no session before the test injection (S2)", func(t *testing.T) Course { return mustApply(t, planned, cleared(march(1))) }, sessionAt(march(3)), ErrNotReady},
		{"the first session a day after the test at least (S2)", func(t *testing.T) Course { return ready(t, schedule.Weekly) }, sessionAt(march(2).Add(3 * time.Hour)), ErrTooSoonAfterTest},
		{"no session sooner than the minimum gap", func(t *testing.T) Course { return mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3))) }, sessionAt(march(6)), ErrTooSoon},
		{"no session while on hold", func(t *testing.T) Course {
			return mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), event.Hold{At: march(4), Reason: "holiday", Until: meso.DateOf(march(20))})
		}, sessionAt(march(10)), ErrOnHold},
		{"no session while halted (S1, S2)", func(t *testing.T) Course {
			return mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), event.AdverseEvent{At: march(4), Complication: event.Infection, Grade: event.Mild})
		}, sessionAt(march(10)), ErrHalted},
		{"no session beyond the protocol's maximum", func(t *testing.T) Course {
			c := ready(t, schedule.Biweekly) // at most 6 sessions
			for i := range 6 {
				c = mustApply(t, c, sessionAt(march(3+14*i)))
			}
			return c
		}, sessionAt(march(3 + 14*6)), ErrTooManySessions},
		{"a session injects the course's preparation", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			event.SessionPerformed{At: march(3), Preparation: "mesopecia", Technique: "papular", Zones: event.Crown, Injections: 30}, ErrWrongPreparation},
		{"a change of preparation before the second session needs a reason (S2)", func(t *testing.T) Course { return mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3))) },
			event.PreparationChanged{At: march(5), Preparation: "amino-acid-cocktail"}, ErrNeedsReason},
		{"a cancellation needs a reason", func(*testing.T) Course { return planned }, event.Cancel{At: march(1)}, ErrNeedsReason},
		{"a hold lasts until its date", func(t *testing.T) Course {
			return mustApply(t, ready(t, schedule.Weekly), event.Hold{At: march(3), Reason: "anticoagulant", Until: meso.DateOf(march(12))})
		}, event.Resume{At: march(11)}, ErrHoldNotOver},
		{"the main course needs the protocol's minimum", func(t *testing.T) Course { return mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3))) },
			event.MainCourseCompleted{At: march(5)}, ErrTooFewSessions},
		{"events in time order", func(t *testing.T) Course { return ready(t, schedule.Weekly) }, sessionAt(march(1)), ErrOutOfOrder},
		{"a closed course accepts nothing", func(t *testing.T) Course { return mustApply(t, planned, event.Cancel{At: march(1), Reason: "moved"}) },
			event.Observation{At: march(2), Observed: event.Shedding}, ErrTerminal},
		{"a state accepts only its events", func(*testing.T) Course { return planned }, event.Review{At: march(1), Outcome: event.OutcomeResume}, ErrNotAccepted},
		{"the test comes once cleared", func(*testing.T) Course { return planned }, event.TestInjection{At: march(1), Preparation: "greying-cocktail"}, ErrNotAccepted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := prescreen(tc.course(t), tc.event)
			got, err := Apply(c, tc.event)
			var te *TransitionError
			if !errors.Is(err, tc.want) || !errors.As(err, &te) || te.State != c.State() || te.Event != tc.event.Kind() {
				t.Fatalf("Apply(%s) in %s = %v; want a *TransitionError in %s wrapping %v", tc.event.Kind(), c.State(), err, c.State(), tc.want)
			}
			if diff := cmp.Diff(c, got, courseOptions); diff != "" {
				t.Errorf("a refused event changed the course (-before +after):\n%s", diff)
			}
		})
	}
}

// The rules the sources give a course's life.
func TestSourceRules(t *testing.T) {
	t.Run("a severe adverse event halts from every state that is not terminal (S1, S2)", func(t *testing.T) {
		for s := Planned; s < numStates; s++ {
			if s.Terminal() {
				continue
			}
			if table[s][onAdverseSevere] != Halted {
				t.Errorf("%s: severe adverse event leads to %s, want halted", s, table[s][onAdverseSevere])
			}
		}
	})
	t.Run("necrosis, infection, a severe allergic reaction and the warning signs halt whatever their severity (S1, S2)", func(t *testing.T) {
		for _, k := range []event.Complication{event.Necrosis, event.Infection, event.SevereAllergicReaction, event.Ulcers, event.Fever, event.PersistentDiscomfort} {
			c := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), event.AdverseEvent{At: march(4), Complication: k, Grade: event.Mild})
			if h, halted := c.Halt(); !halted || h.Complication != k {
				t.Errorf("%s (mild): state %s, want halted by it", k, c.State())
			}
		}
		c := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), event.AdverseEvent{At: march(4), Complication: event.Bruising, Grade: event.Mild})
		if c.State() != Active {
			t.Errorf("mild bruising: state %s, want active (recorded, S0: bruises heal within a week)", c.State())
		}
	})
	t.Run("shedding after the 2nd-3rd session is an observation, not an adverse event (S0)", func(t *testing.T) {
		c := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), sessionAt(march(10)))
		after := mustApply(t, c, event.Observation{At: march(12), Observed: event.Shedding, Note: "more hair in the brush"})
		if after.State() != Active || after.Done() != 2 {
			t.Errorf("after shedding: %s with %d done, want active with 2", after.State(), after.Done())
		}
	})
	t.Run("a test reaction halts; a new preparation needs a new test injection (S2)", func(t *testing.T) {
		p, _ := schedule.Lookup(schedule.Weekly)
		c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
		c = mustApply(t, c, cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "wheal at the test site"})
		if h, halted := c.Halt(); !halted || h.Note != "wheal at the test site" {
			t.Fatalf("after a test reaction: %s %+v, want halted by it", c.State(), h)
		}
		c = mustApply(t, c, event.Review{At: march(3), Outcome: event.OutcomeChangePreparation, Preparation: "amino-acid-cocktail"})
		if c.State() != Cleared || !c.TestInjection().IsZero() || c.Preparation() != "amino-acid-cocktail" {
			t.Fatalf("after review: %s, test %v, %s; want cleared, no test, the new preparation", c.State(), c.TestInjection(), c.Preparation())
		}
		s := event.SessionPerformed{At: march(4), Preparation: "amino-acid-cocktail", Technique: "papular", Zones: event.Crown, Injections: 30}
		if _, err := Apply(prescreen(c, s), s); !errors.Is(err, ErrNotReady) {
			t.Errorf("a session before the new test: %v, want ErrNotReady", err)
		}
	})
	t.Run("the cocktail may change after 2-3 procedures without a stated reason (S2)", func(t *testing.T) {
		c := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), sessionAt(march(10)), event.PreparationChanged{At: march(12), Preparation: "amino-acid-cocktail"})
		// A new screening and test injection of the new preparation (S2).
		c = mustApply(t, c, event.TestInjection{At: march(16), Preparation: "amino-acid-cocktail"}, event.SessionPerformed{At: march(17), Preparation: "amino-acid-cocktail", Technique: "nappage", Zones: event.Crown | event.Temples, Injections: 35})
		if c.Done() != 3 || c.Preparation() != "amino-acid-cocktail" {
			t.Errorf("after the change: %d done with %s", c.Done(), c.Preparation())
		}
	})
	t.Run("a refused screening cancels (S1-S4)", func(t *testing.T) {
		birth, _ := meso.NewDate(1990, time.April, 12)
		r, _ := screening.Screen(screening.Intake{BirthDate: birth, Sex: formulary.Female, Pregnant: true}, meso.DateOf(march(1)), screening.Options{Preparation: "greying-cocktail"})
		p, _ := schedule.Lookup(schedule.Weekly)
		c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
		c = mustApply(t, c, event.Screened{At: march(1), Result: r})
		if c.State() != Cancelled || c.EndReason() != "screening refused" {
			t.Errorf("after a refusal: %s (%q), want cancelled", c.State(), c.EndReason())
		}
	})
	t.Run("a deferral holds until its end; screening again lifts it", func(t *testing.T) {
		birth, _ := meso.NewDate(1990, time.April, 12)
		last, _ := meso.NewDate(2027, time.March, 1)
		in := screening.Intake{BirthDate: birth, Sex: formulary.Female, Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: last}}}
		r, _ := screening.Screen(in, meso.DateOf(march(3)), screening.Options{Preparation: "greying-cocktail"})
		c := mustApply(t, ready(t, schedule.Weekly), event.Screened{At: march(3), Result: r})
		if h, on := c.Hold(); !on || h.Until != r.Until || r.Until.String() != "2027-03-11" {
			t.Fatalf("after a deferral: %s until %s, want on hold until 2027-03-11 (S2: 10 days after the last dose)", c.State(), h.Until)
		}
		if _, err := Apply(c, event.Resume{At: march(10)}); !errors.Is(err, ErrHoldNotOver) {
			t.Errorf("resume on 10 March: %v, want ErrHoldNotOver", err)
		}
		if c2 := mustApply(t, c, event.Resume{At: march(11)}); c2.State() != Ready {
			t.Errorf("resume on 11 March: %s, want ready again", c2.State())
		}
		if c3 := mustApply(t, c, cleared(march(5))); c3.State() != Ready {
			t.Errorf("a clearing screening on 5 March: %s, want ready again", c3.State())
		}
	})
	t.Run("maintenance follows the main course (S2)", func(t *testing.T) {
		c := ready(t, schedule.Biweekly)
		for i := range 3 {
			c = mustApply(t, c, sessionAt(march(3+14*i)))
		}
		c = mustApply(t, c, event.MainCourseCompleted{At: march(31)}, event.MaintenanceStarted{At: march(32)}, sessionAt(march(58)))
		mp, ok := c.MaintenanceProtocol()
		if c.State() != Maintenance || !ok || mp.ID != schedule.MonthlyMaintenance || c.Done() != 1 || len(c.Sessions()) != 4 {
			t.Fatalf("in maintenance: %s, %s, %d done of %d", c.State(), mp.ID, c.Done(), len(c.Sessions()))
		}
		// Monthly: the next no sooner than 28 days (S2: every 30 days).
		if _, err := Apply(prescreen(c, sessionAt(march(78))), sessionAt(march(78))); !errors.Is(err, ErrTooSoon) {
			t.Errorf("a maintenance session 20 days on: %v, want ErrTooSoon", err)
		}
		c = mustApply(t, c, sessionAt(march(86)), event.Close{At: march(88)})
		if c.State() != Closed {
			t.Errorf("closed: %s", c.State())
		}
	})
	t.Run("a missed session delays the rest (S4)", func(t *testing.T) {
		c := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), sessionAt(march(10)), event.SessionMissed{At: march(17), Reason: "ill"})
		cal, _ := clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday))
		rest, err := c.Reschedule(meso.DateOf(march(22)), cal)
		if err != nil {
			t.Fatal(err)
		}
		if c.Missed() != 1 || len(rest) != 12 || meso.DateOf(rest[2].Start) != meso.DateOf(march(22)) || rest[2].N != 3 {
			t.Errorf("after a missed session: %d missed; %d appointments, the third on %s; want the third on 2027-03-22", c.Missed(), len(rest), meso.DateOf(rest[2].Start))
		}
	})
}

// The sequence the model test found: a hold, a severe adverse event while on
// hold, a review's resume back to the hold, and the hold's own resume back
// to where the course was held from.
func TestResumeAfterAHaltDuringAHold(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	c = mustApply(t, c, event.Hold{At: march(1), Reason: "holiday"})
	c = mustApply(t, c, event.AdverseEvent{At: march(2), Complication: event.Fever, Grade: event.Moderate})
	c = mustApply(t, c, event.Review{At: march(3), Outcome: event.OutcomeResume})
	if c.State() != OnHold {
		t.Fatalf("after the review: %s, want back on hold", c.State())
	}
	if c = mustApply(t, c, event.Resume{At: march(4)}); c.State() != Planned {
		t.Errorf("after the hold's resume: %s, want planned, where the hold began", c.State())
	}
}

func TestProgress(t *testing.T) {
	c := ready(t, schedule.WeeklyThenBiweekly)
	w, err := c.Next()
	if err != nil || w.Session != 1 || w.Earliest != meso.DateOf(march(3)) {
		t.Fatalf("Next before the first session = %+v, %v; want session 1 from 2027-03-03", w, err)
	}
	c = mustApply(t, c, sessionAt(march(3)), sessionAt(march(10)), sessionAt(march(17)), sessionAt(march(24)), sessionAt(march(31)))
	w, err = c.Next()
	// schedule.Weekly through the first month (S2), then every 14 days at most
	// ("can be increased to 14 days"), three days early by policy.
	if err != nil || w.Phase != "biweekly" || w.Earliest != meso.DateOf(march(31+11)) || w.Latest != meso.DateOf(march(31+14)) {
		t.Errorf("Next after five weekly sessions = %+v, %v; want the biweekly window 11-14 days on", w, err)
	}
	if c.Done() != 5 || c.Remaining() != c.about.target-5 {
		t.Errorf("Done %d, Remaining %d of %d", c.Done(), c.Remaining(), c.about.target)
	}
	if got := Planned.Accepts(); !cmp.Equal(got, []event.Kind{event.KindScreened, event.KindHold, event.KindAdverseEvent, event.KindCancelled, event.KindObservation}) {
		t.Errorf("Planned.Accepts() = %v", got)
	}
	if Closed.Accepts() != nil || State(0).Accepts() != nil {
		t.Errorf("terminal and invalid states accept something")
	}
}

func TestNewCourseRejects(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	for _, tc := range []struct {
		p           schedule.Protocol
		preparation string
		sessions    int
		field       string
	}{
		{p, "", 0, "preparation"},
		{p, "greying cocktail", 0, "preparation"},
		{p, "greying-cocktail", 17, "sessions"},
		{p, "greying-cocktail", -1, "sessions"},
		{schedule.Protocol{}, "greying-cocktail", 0, "id"},
	} {
		_, err := NewCourse(tc.p, tc.preparation, tc.sessions, berlin)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, tc.field) {
			t.Errorf("NewCourse(%q, %q, %d) = %v; want a FieldError at %s", tc.p.ID, tc.preparation, tc.sessions, err, tc.field)
		}
	}
	if _, err := Apply(Course{}, cleared(march(1))); err == nil {
		t.Errorf("Apply on the zero Course succeeded")
	}
	if _, err := Apply(ready(t, schedule.Weekly), nil); err == nil {
		t.Errorf("Apply of a nil event succeeded")
	}
}

func TestEventFieldsChecked(t *testing.T) {
	c := ready(t, schedule.Weekly)
	for _, e := range []event.Event{
		event.SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Injections: 40},
		event.SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: event.Crown, Injections: 0},
		event.SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: event.Crown, Injections: event.MaxInjections + 1},
		event.SessionPerformed{At: march(3), Preparation: "greying-cocktail", Zones: event.Crown, Injections: 30},
		event.SessionPerformed{Preparation: "greying-cocktail", Technique: "papular", Zones: event.Crown, Injections: 30},
		event.AdverseEvent{At: march(3), Grade: event.Mild},
		event.AdverseEvent{At: march(3), Complication: event.Itching},
		event.Observation{At: march(3)},
		event.Screened{At: march(3), Result: screening.Result{Verdict: screening.Caution, Policy: "meso-default"}},
		event.Hold{At: march(3)},
	} {
		got, err := Apply(c, e)
		var fe interface{ Unwrap() error }
		if err == nil || !errors.As(err, &fe) {
			t.Errorf("Apply(%+v) = %v; want an error naming the field", e, err)
		}
		// A field Apply refuses is the event's own Check's refusal.
		var te *TransitionError
		if check := e.Check(); !e.When().IsZero() && (!errors.As(err, &te) || check == nil || te.Rule != RuleInvalidEvent || te.Err.Error() != check.Error()) {
			t.Errorf("Apply(%+v) = %v; want the refusal of its Check, %v", e, err, check)
		}
		if diff := cmp.Diff(c, got, courseOptions); diff != "" {
			t.Errorf("a refused event changed the course:\n%s", diff)
		}
	}
}

// The README shows the state diagram drawn from the transition table.
func TestREADMEDiagramMatchesTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "```mermaid\n" + Mermaid() + "```\n"
	if !bytes.Contains(readme, []byte(want)) {
		t.Errorf("README.md does not show the state diagram of the transition table; paste this:\n%s", want)
	}
}

func TestTableIsOneRowPerStateAndTrigger(t *testing.T) {
	seen := map[[2]uint8]bool{}
	for _, r := range rows() {
		key := [2]uint8{uint8(r.from), uint8(r.on)}
		if seen[key] {
			t.Errorf("two rows for %s on %s", r.from, triggers[r.on].label)
		}
		seen[key] = true
		if r.from.Terminal() {
			t.Errorf("terminal state %s has a row", r.from)
		}
	}
	for _, tr := range triggers[1:] {
		if strings.ContainsAny(tr.label, ":;") {
			t.Errorf("label %q has a colon or semicolon, which Mermaid reads as syntax", tr.label)
		}
	}
	if !strings.Contains(Graphviz(), `"halted" -> "closed" [label="review (stop)"];`) {
		t.Errorf("the DOT diagram lacks an edge of the table:\n%s", Graphviz())
	}
}

// A log that decodes but does not replay names the event.
func TestReplayNamesTheEvent(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	bad := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{cleared(march(1)), sessionAt(march(3))}}
	var re *ReplayError
	if _, err := Replay(bad); !errors.As(err, &re) || re.Index != 1 || !errors.Is(err, ErrNotReady) {
		t.Errorf("Replay of a session before the test = %v; want a ReplayError at 1 wrapping ErrNotReady", err)
	}
}

// What decodes replays or is refused with a ReplayError, and a course it
// replays to saves and loads as itself (event's FuzzDecodeLog fuzzes the
// decoding itself).
func FuzzReplay(f *testing.F) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"},
		sessionAt(march(3)), event.Hold{At: march(4), Reason: "flu", Until: meso.DateOf(march(9))}, event.AdverseEvent{At: march(5), Complication: event.Fever, Grade: event.Moderate},
		event.Review{At: march(6), Outcome: event.OutcomeResume}, event.Observation{At: march(7), Observed: event.Shedding}}}
	data, _ := json.Marshal(c)
	f.Add(data)
	f.Add([]byte(`{"version":1,"events":[{"type":"resume"}]}`))
	for _, name := range []string{"v1.json", "v2.json", "v3.json"} {
		data, err := os.ReadFile("event/testdata/logs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		if name == "v3.json" { // every kind of event
			for _, s := range jsontest.Seeds(data, strictjson.MaxDepth) {
				f.Add(s)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit has its own test
		}
		l, err := event.DecodeLog(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("DecodeLog error %v is not a *FieldError", err)
			}
			var loaded Course
			if loadErr := json.Unmarshal(data, &loaded); loadErr == nil {
				t.Fatalf("json.Unmarshal into a Course accepted what DecodeLog refuses: %v", err)
			}
			return
		}
		// What decodes replays or is refused with a ReplayError; either
		// way it encodes again to a log that decodes. A course it replays
		// to saves and loads as itself; json.Unmarshal into a Course
		// gives what DecodeLog and Replay give.
		c, err := Replay(l)
		var loaded Course
		loadErr := json.Unmarshal(data, &loaded)
		if (err == nil) != (loadErr == nil) || err != nil && err.Error() != loadErr.Error() {
			t.Fatalf("json.Unmarshal into a Course = %v; Replay = %v", loadErr, err)
		}
		if err != nil {
			var re *ReplayError
			var fe *meso.FieldError
			if !errors.As(err, &re) && !errors.As(err, &fe) {
				t.Fatalf("Replay error %v is neither a *ReplayError nor a *FieldError", err)
			}
		} else if saved, err := json.Marshal(c); err != nil {
			t.Fatalf("a replayed course does not save: %v", err)
		} else if err := json.Unmarshal(saved, &loaded); err != nil || !sameCourse(c, loaded) {
			t.Fatalf("a replayed course loads as another (%v):\n%s", err, cmp.Diff(c, loaded, courseOptions))
		}
	})
}

// Applying a long event log: a weekly main course, maintenance, and the
// holds, observations and minor events of a real year.
func BenchmarkApply(b *testing.B) {
	p, _ := schedule.Lookup(schedule.Weekly)
	events := []event.Event{cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"}}
	for i := range 16 {
		events = append(events, cleared(march(3+7*i).Add(-time.Hour)), sessionAt(march(3+7*i)), event.Observation{At: march(4 + 7*i), Observed: event.Shedding})
		if i == 5 {
			events = append(events, event.AdverseEvent{At: march(5 + 7*i), Complication: event.Bruising, Grade: event.Mild})
		}
	}
	events = append(events, event.MainCourseCompleted{At: march(120)}, event.MaintenanceStarted{At: march(121)})
	for i := range 6 {
		// The first maintenance session keeps the maintenance gap (27 days at
		// least) after the main course's last, on March 108.
		events = append(events, cleared(march(140+30*i).Add(-time.Hour)), sessionAt(march(140+30*i)))
	}
	events = append(events, event.Close{At: march(320)})
	start, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	b.ReportAllocs()
	for b.Loop() {
		c := start
		for _, e := range events {
			var err error
			if c, err = Apply(c, e); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
}

// A Course is a value shared between goroutines: many apply events to the
// same course at once, each taking its own branch, and every branch ends as
// it would alone (run with -race).
func TestApplyConcurrently(t *testing.T) {
	start := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), sessionAt(march(10)))
	want := mustApply(t, start, sessionAt(march(17)), sessionAt(march(24)))
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				c := start
				var err error
				if g%2 == 0 { // half branch off with a hold that ends nothing
					if c, err = Apply(c, event.Hold{At: march(11), Reason: "holiday", Until: meso.DateOf(march(12))}); err == nil {
						c, err = Apply(c, event.Resume{At: march(12)})
					}
				}
				for _, e := range []event.Event{cleared(march(17).Add(-time.Hour)), sessionAt(march(17)), cleared(march(24).Add(-time.Hour)), sessionAt(march(24))} {
					if err == nil {
						c, err = Apply(c, e)
					}
				}
				if err != nil || !cmp.Equal(c.Sessions(), want.Sessions()) || c.State() != Active {
					t.Errorf("goroutine %d: %v, %d sessions, %s", g, err, c.Done(), c.State())
					return
				}
			}
		}()
	}
	wg.Wait()
	if start.Done() != 2 {
		t.Errorf("the shared course changed: %d sessions", start.Done())
	}
}

// longLog is the log of a weekly course of n events: screened and tested,
// its sixteen sessions each after a screening on its day, then a long
// maintenance of the events a clinic records between sessions (screenings,
// observations, missed visits, minor adverse events, holds and resumes),
// with a monthly session after a screening whenever one is due.
func longLog(n int) event.Log {
	p, _ := schedule.Lookup(schedule.Weekly)
	events := []event.Event{cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"}}
	for i := 0; i < 16 && len(events) < n-2; i++ {
		events = append(events, cleared(march(3+7*i).Add(-time.Hour)), sessionAt(march(3+7*i)))
	}
	events = append(events, event.MainCourseCompleted{At: march(120)}, event.MaintenanceStarted{At: march(121)})
	at := march(122)
	for i := 0; len(events) < n; i++ {
		at = at.Add(5 * time.Hour)
		switch i % 6 {
		case 0:
			events = append(events, cleared(at))
		case 1:
			events = append(events, event.Observation{At: at, Observed: event.Shedding})
		case 2:
			events = append(events, event.SessionMissed{At: at, Reason: "ill"})
		case 3:
			events = append(events, event.AdverseEvent{At: at, Complication: event.Bruising, Grade: event.Mild})
		case 4:
			events = append(events, event.Hold{At: at, Reason: "holiday"})
		case 5:
			events = append(events, event.Resume{At: at})
		}
	}
	return event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: events[:n]}
}

// Replaying a log costs the same per event whatever its length: the safety
// conditions keep what they need as the course goes and never read the
// history again.
func BenchmarkReplay(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		l := longLog(n)
		if _, err := Replay(l); err != nil {
			b.Fatalf("%d events: %v", n, err)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Replay(l); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
		})
	}
}

// A patient deferred at the first screening is cleared by the screening that
// lifts the deferral: one screening, not a second one the same morning
// (found writing examples/newcomer).
func TestClearingScreeningEndsAFirstDeferral(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, err := NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	deferred := cleared(march(1))
	deferred.Result.Verdict, deferred.Result.Until = screening.Deferred, meso.DateOf(march(5))
	deferred.Result.Findings = []screening.Finding{{Rule: "menstruation", Severity: screening.Temporary, Until: meso.DateOf(march(5)), Message: "menstruation", Sources: []string{meso.S2}}}
	c = mustApply(t, c, deferred)
	if c.State() != OnHold {
		t.Fatalf("after a deferral: %s, want on-hold", c.State())
	}
	c = mustApply(t, c, cleared(march(5)))
	if c.State() != Cleared {
		t.Errorf("after the screening that lifts the deferral: %s, want cleared", c.State())
	}
	c = mustApply(t, c, event.TestInjection{At: march(5).Add(time.Hour), Preparation: "greying-cocktail"})
	if c.State() != Ready {
		t.Errorf("after the test injection: %s, want ready", c.State())
	}
}
