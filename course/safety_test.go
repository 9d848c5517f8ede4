package course

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"

	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/given"
	"github.com/mesokit/meso/screening"
)

// jan returns the instant hour:minute in Berlin on day d of January 2027.
func jan(d, hour, minute int) time.Time { return time.Date(2027, 1, d, hour, minute, 0, 0, berlin) }

// healthy is a patient no rule defers or refuses.
func healthy() screening.Intake {
	birth, _ := meso.NewDate(1990, time.April, 12)
	return screening.Intake{BirthDate: birth, Sex: formulary.Female}
}

// anticoagulated is a patient whose last anticoagulant dose was on 4
// January 2027 (S2: stop 7-10 days before; deferred until 14 January), or
// who still takes it when still is true (deferred with no known end).
func anticoagulated(still bool) screening.Intake {
	in := healthy()
	last, _ := meso.NewDate(2027, time.January, 4)
	if still {
		last = meso.Date{}
	}
	in.Medications = []screening.Medication{{Class: screening.Anticoagulant, LastDose: last}}
	return in
}

// screenedAt is the screening of in at the instant at, for preparation, on
// at's day in Berlin.
func screenedAt(t *testing.T, in screening.Intake, at time.Time, preparation string) event.Screened {
	t.Helper()
	r, err := screening.Screen(in, meso.DateOf(at.In(berlin)), screening.Options{Preparation: preparation})
	if err != nil {
		t.Fatal(err)
	}
	return event.Screened{At: at, Result: r}
}

func sessionOf(at time.Time, preparation string) event.SessionPerformed {
	return event.SessionPerformed{At: at, Preparation: preparation, Technique: "papular", Zones: event.WholeScalp, Injections: 40}
}

// attempt applies the events as someone trying to get a session past the
// rules would: each in turn, going on when one is refused.
func attempt(c Course, events ...event.Event) Course {
	for _, e := range events {
		if next, err := Apply(c, e); err == nil {
			c = next
		}
	}
	return c
}

// readyOn returns a weekly course of preparation, screened and tested on
// 4 January 2027, ready for its first session on the 5th.
func readyOn(t *testing.T, preparation string) Course {
	t.Helper()
	p, _ := schedule.Lookup(schedule.Weekly)
	c, err := NewCourse(p, preparation, 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	return mustApply(t, c, screenedAt(t, healthy(), jan(4, 9, 0), preparation), event.TestInjection{At: jan(4, 9, 30), Preparation: preparation})
}

// The eight reproductions of issue 13: each sequence was accepted, session
// and all; now its last event is refused, by the rule named.
func TestIssue13Reproductions(t *testing.T) {
	const amino, greying = "amino-acid-cocktail", "greying-cocktail"
	weekly, _ := schedule.Lookup(schedule.Weekly)
	planned := func(t *testing.T, preparation string) Course {
		c, err := NewCourse(weekly, preparation, 0, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		course func(t *testing.T) Course
		events func(t *testing.T) []event.Event // tried in turn; refusals are skipped
		last   func(t *testing.T) event.Event   // must be refused
		rule   string
		want   error
	}{
		{
			name:   "1. never screened: a review's change of preparation does not clear the course",
			course: func(t *testing.T) Course { return planned(t, amino) },
			events: func(t *testing.T) []event.Event {
				return []event.Event{event.AdverseEvent{At: jan(4, 9, 0), Complication: event.Fever, Grade: event.Mild},
					event.Review{At: jan(4, 10, 0), Outcome: event.OutcomeChangePreparation, Preparation: greying},
					event.TestInjection{At: jan(4, 11, 0), Preparation: greying}}
			},
			last: func(*testing.T) event.Event { return sessionOf(jan(5, 10, 0), greying) },
			rule: RuleNotReady, want: ErrNotReady,
		},
		{
			name:   "2. a deferral escaped through a review",
			course: func(t *testing.T) Course { return planned(t, greying) },
			events: func(t *testing.T) []event.Event {
				return []event.Event{screenedAt(t, anticoagulated(false), jan(5, 9, 0), greying),
					event.AdverseEvent{At: jan(5, 10, 0), Complication: event.Fever, Grade: event.Mild},
					event.Review{At: jan(5, 11, 0), Outcome: event.OutcomeChangePreparation, Preparation: greying},
					event.TestInjection{At: jan(5, 12, 0), Preparation: greying}}
			},
			last: func(*testing.T) event.Event { return sessionOf(jan(6, 10, 0), greying) },
			rule: RuleOnHold, want: ErrOnHold,
		},
		{
			name:   "3. a deferral lifted by a hold and its resume",
			course: func(t *testing.T) Course { return readyOn(t, greying) },
			events: func(t *testing.T) []event.Event {
				return []event.Event{screenedAt(t, anticoagulated(false), jan(5, 9, 0), greying),
					event.Hold{At: jan(5, 10, 0), Reason: "holiday", Until: meso.DateOf(jan(6, 0, 0))},
					event.Resume{At: jan(6, 9, 0)}}
			},
			last: func(*testing.T) event.Event { return sessionOf(jan(6, 10, 0), greying) },
			rule: RuleDeferred, want: ErrDeferred,
		},
		{
			name:   "3. a deferral with no known end lifted by a bare resume",
			course: func(t *testing.T) Course { return readyOn(t, greying) },
			events: func(t *testing.T) []event.Event {
				return []event.Event{screenedAt(t, anticoagulated(true), jan(5, 9, 0), greying), event.Resume{At: jan(5, 9, 30)}}
			},
			last: func(*testing.T) event.Event { return sessionOf(jan(5, 10, 0), greying) },
			rule: RuleDeferred, want: ErrDeferred,
		},
		{
			name: "4. a new preparation in active without a test injection",
			course: func(t *testing.T) Course {
				return mustApply(t, readyOn(t, greying), sessionOf(jan(5, 10, 0), greying), sessionOf(jan(12, 10, 0), greying))
			},
			events: func(t *testing.T) []event.Event {
				return []event.Event{event.PreparationChanged{At: jan(13, 9, 0), Preparation: amino}, screenedAt(t, healthy(), jan(19, 9, 0), amino)}
			},
			last: func(*testing.T) event.Event { return sessionOf(jan(19, 10, 0), amino) },
			rule: RuleNoTestInjection, want: ErrNoTestInjection,
		},
		{
			name: "4. a new preparation in maintenance without a test injection",
			course: func(t *testing.T) Course {
				c := readyOn(t, greying)
				for i := range weekly.Sessions.Min {
					c = mustApply(t, c, sessionOf(jan(5+7*i, 10, 0), greying))
				}
				return mustApply(t, c, event.MainCourseCompleted{At: jan(5+7*weekly.Sessions.Min, 9, 0)}, event.MaintenanceStarted{At: jan(5+7*weekly.Sessions.Min, 9, 30)},
					sessionOf(jan(5+7*weekly.Sessions.Min+20, 10, 0), greying))
			},
			events: func(t *testing.T) []event.Event {
				at := jan(5+7*weekly.Sessions.Min+40, 9, 0)
				return []event.Event{event.PreparationChanged{At: at, Preparation: amino}, screenedAt(t, healthy(), at.Add(time.Hour), amino)}
			},
			last: func(*testing.T) event.Event { return sessionOf(jan(5+7*weekly.Sessions.Min+40, 11, 0), amino) },
			rule: RuleNoTestInjection, want: ErrNoTestInjection,
		},
		{
			name: "4. a test injection of another preparation does not switch it",
			course: func(t *testing.T) Course {
				return mustApply(t, planned(t, greying), screenedAt(t, healthy(), jan(4, 9, 0), greying))
			},
			events: func(*testing.T) []event.Event { return nil },
			last:   func(*testing.T) event.Event { return event.TestInjection{At: jan(4, 10, 0), Preparation: amino} },
			rule:   RuleWrongPreparation, want: ErrWrongPreparation,
		},
		{
			name:   "5. a screening made for another preparation",
			course: func(t *testing.T) Course { return planned(t, greying) },
			events: func(*testing.T) []event.Event { return nil },
			last: func(t *testing.T) event.Event {
				in := healthy()
				in.Allergies = []string{"vitamin-b-complex"} // which greying-cocktail holds
				return screenedAt(t, in, jan(4, 9, 0), amino)
			},
			rule: RuleScreeningOtherPreparation, want: ErrScreeningOtherPreparation,
		},
		{
			name:   "5. a screening made for another day",
			course: func(t *testing.T) Course { return planned(t, greying) },
			events: func(*testing.T) []event.Event { return nil },
			last: func(t *testing.T) event.Event {
				s := screenedAt(t, healthy(), jan(4, 9, 0), greying)
				s.At = jan(5, 9, 0)
				return s
			},
			rule: RuleScreeningOtherDate, want: ErrScreeningOtherDate,
		},
		{
			name: "6. the day after the test counted in the clinic's zone, not the instant's",
			course: func(t *testing.T) Course {
				c := planned(t, greying)
				return mustApply(t, c, screenedAt(t, healthy(), jan(4, 22, 0), greying), event.TestInjection{At: jan(4, 23, 0), Preparation: greying},
					screenedAt(t, healthy(), jan(4, 23, 10), greying))
			},
			events: func(*testing.T) []event.Event { return nil },
			last:   func(*testing.T) event.Event { return sessionOf(jan(4, 23, 30).In(kiritimati), greying) },
			rule:   RuleTestInjectionNotDayBefore, want: ErrTooSoonAfterTest,
		},
		{
			name: "6. the gap counted in the clinic's zone, not the instant's",
			course: func(t *testing.T) Course {
				// Three days later in the clinic's zone, four written in +14,
				// against the weekly protocol's minimum of four.
				return mustApply(t, readyOn(t, greying), sessionOf(jan(5, 10, 0), greying), screenedAt(t, healthy(), jan(8, 11, 0), greying))
			},
			events: func(*testing.T) []event.Event { return nil },
			last: func(*testing.T) event.Event {
				return sessionOf(jan(8, 12, 0).In(time.FixedZone("+14", 14*3600)), greying)
			},
			rule: RuleTooSoon, want: ErrTooSoon,
		},
		{
			name: "8. after a review's change in maintenance, the test the day before the first session with the new preparation",
			course: func(t *testing.T) Course {
				c := readyOn(t, greying)
				for i := range weekly.Sessions.Min {
					c = mustApply(t, c, sessionOf(jan(5+7*i, 10, 0), greying))
				}
				d := 5 + 7*weekly.Sessions.Min
				return mustApply(t, c, event.MainCourseCompleted{At: jan(d, 9, 0)}, event.MaintenanceStarted{At: jan(d, 9, 30)}, sessionOf(jan(d+20, 10, 0), greying),
					event.AdverseEvent{At: jan(d+21, 9, 0), Complication: event.Fever, Grade: event.Mild},
					event.Review{At: jan(d+22, 9, 0), Outcome: event.OutcomeChangePreparation, Preparation: amino},
					event.TestInjection{At: jan(d+22, 10, 0), Preparation: amino}, screenedAt(t, healthy(), jan(d+22, 10, 30), amino))
			},
			events: func(*testing.T) []event.Event { return nil },
			last:   func(*testing.T) event.Event { return sessionOf(jan(5+7*weekly.Sessions.Min+22, 11, 0), amino) },
			rule:   RuleTestInjectionNotDayBefore, want: ErrTooSoonAfterTest,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := attempt(tc.course(t), tc.events(t)...)
			e := tc.last(t)
			got, err := Apply(c, e)
			var te *TransitionError
			if !errors.As(err, &te) || te.Rule != tc.rule || !errors.Is(err, tc.want) {
				t.Fatalf("Apply(%s) in %s = %v; want refused by %s (%v)", e.Kind(), c.State(), err, tc.rule, tc.want)
			}
			if !strings.Contains(err.Error(), "("+tc.rule+")") {
				t.Errorf("the message %q does not name the rule %s", err, tc.rule)
			}
			if diff := cmp.Diff(c, got, courseOptions); diff != "" {
				t.Errorf("a refused event changed the course (-before +after):\n%s", diff)
			}
		})
	}
}

// Reproduction 8 goes on: the day after a test the new preparation's first
// session is accepted, and the course is in maintenance still, as it was
// when the adverse event halted it.
func TestReviewChangeReturnsWhereTheCourseWas(t *testing.T) {
	weekly, _ := schedule.Lookup(schedule.Weekly)
	c := readyOn(t, "greying-cocktail")
	for i := range weekly.Sessions.Min {
		c = mustApply(t, c, sessionOf(jan(5+7*i, 10, 0), "greying-cocktail"))
	}
	d := 5 + 7*weekly.Sessions.Min
	c = mustApply(t, c, event.MainCourseCompleted{At: jan(d, 9, 0)}, event.MaintenanceStarted{At: jan(d, 9, 30)}, sessionOf(jan(d+20, 10, 0), "greying-cocktail"),
		event.AdverseEvent{At: jan(d+21, 9, 0), Complication: event.Fever, Grade: event.Mild},
		event.Review{At: jan(d+22, 9, 0), Outcome: event.OutcomeChangePreparation, Preparation: "amino-acid-cocktail"},
		event.TestInjection{At: jan(d+22, 10, 0), Preparation: "amino-acid-cocktail"})
	if c.State() != Maintenance {
		t.Fatalf("after the review and the test: %s, want maintenance", c.State())
	}
	// The monthly gap from the last session, and the test the day before.
	c = mustApply(t, c, event.TestInjection{At: jan(d+47, 10, 0), Preparation: "amino-acid-cocktail"}, sessionOf(jan(d+48, 10, 0), "amino-acid-cocktail"))
	if c.State() != Maintenance || c.Done() != 2 {
		t.Errorf("after the first session with the new preparation: %s, %d done; want maintenance, 2", c.State(), c.Done())
	}
}

// Reproduction 7: a course keeps its own copy of a screening result; the
// caller's slices are the caller's.
func TestCourseKeepsItsOwnResult(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	in := healthy()
	in.PriorReactions = []screening.Reaction{screening.DyeReaction} // caution, with a finding
	s := screenedAt(t, in, jan(4, 9, 0), "greying-cocktail")
	c = mustApply(t, c, s)
	before, _ := c.Screening()
	want := before.Clone()
	s.Result.Findings[0].Message = "changed"
	s.Result.Findings[0].Sources[0] = "changed"
	before.Findings[0].Rule = "changed"
	if got, _ := c.Screening(); !cmp.Equal(want, got, courseOptions) {
		t.Errorf("the course's result changed with the caller's (-want +got):\n%s", cmp.Diff(want, got, courseOptions))
	}
}

// Each safety condition, alone, refuses a session that every other
// condition allows; the table names it in order.
func TestSessionConditionsInOrder(t *testing.T) {
	var got []string
	for _, c := range sessionConditions {
		got = append(got, c.rule)
	}
	want := []string{RuleHalted, RuleOnHold, RuleWrongPreparation, RuleDeferred, RuleNotScreened, RuleScreeningNotOnDay,
		RuleNoTestInjection, RuleTestInjectionNotDayBefore, RuleTooManySessions, RuleTooSoon}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sessionConditions (-want +got):\n%s", diff)
	}
	for _, r := range got {
		if !slices.Contains(Rules(), r) {
			t.Errorf("condition %s is not in Rules()", r)
		}
	}
}

// A clinic's policy may keep a screening valid for days, and allow a longer
// lead for the test injection.
func TestSafetyPolicy(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	if _, err := c.WithSafety(event.Safety{ScreeningValidDays: -1, TestLeadDays: 1}); err == nil {
		t.Errorf("WithSafety accepted screening_valid_days -1")
	}
	if _, err := c.WithSafety(event.Safety{TestLeadDays: event.MaxSafetyDays + 1}); err == nil {
		t.Errorf("WithSafety accepted test_lead_days %d", event.MaxSafetyDays+1)
	}
	lenient, err := c.WithSafety(event.Safety{ScreeningValidDays: 2, TestLeadDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	events := []event.Event{screenedAt(t, healthy(), jan(4, 9, 0), "greying-cocktail"), event.TestInjection{At: jan(4, 9, 30), Preparation: "greying-cocktail"}}
	strict := attempt(c, events...)
	lenient = attempt(lenient, events...)
	s := sessionOf(jan(6, 10, 0), "greying-cocktail") // two days after the screening and the test
	if _, err := Apply(strict, s); !errors.Is(err, ErrScreeningNotOnDay) {
		t.Errorf("default policy, a session two days after the screening: %v, want ErrScreeningNotOnDay", err)
	}
	if _, err := Apply(lenient, s); err != nil {
		t.Errorf("screening valid 2 days, test lead 3: %v, want accepted", err)
	}
	if _, err := Apply(lenient, sessionOf(jan(7, 10, 0), "greying-cocktail")); !errors.Is(err, ErrScreeningNotOnDay) {
		t.Errorf("three days after the screening: %v, want ErrScreeningNotOnDay", err)
	}
	if _, err := attempt(lenient, event.Observation{At: jan(4, 12, 0), Observed: event.Shedding}).WithSafety(event.DefaultSafety()); err == nil {
		t.Errorf("WithSafety on a course with events accepted")
	}
}

// What Apply accepts the log writes and reads back; what it cannot write
// back, Apply refuses.
func TestApplyRefusesWhatTheLogCannotWrite(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	for _, tc := range []struct {
		name string
		at   time.Time
		rule string
	}{
		{"a year past 9999", time.Date(10000, 1, 1, 10, 0, 0, 0, time.UTC), RuleNotRepresentable},
		{"Berlin's local mean time, an offset with seconds", time.Date(1880, 1, 1, 10, 0, 0, 0, berlin), RuleNotRepresentable},
	} {
		_, err := Apply(c, event.Observation{At: tc.at, Observed: event.Shedding})
		var te *TransitionError
		if !errors.As(err, &te) || te.Rule != tc.rule {
			t.Errorf("%s: %v, want refused by %s", tc.name, err, tc.rule)
		}
	}
	// An instant written with an offset of +23:59 is read in Berlin.
	odd := time.Date(2027, 1, 4, 23, 59, 0, 0, time.FixedZone("", 23*3600+59*60))
	next, err := Apply(c, event.Observation{At: odd, Observed: event.Shedding})
	if err != nil {
		t.Fatalf("an instant at +23:59: %v", err)
	}
	l := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{event.Observation{At: odd, Observed: event.Shedding}}}
	data, err := l.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"at":"2027-01-04T01:00:00+01:00"`) {
		t.Errorf("the log does not write the instant in the clinic's zone:\n%s", data)
	}
	back, err := event.DecodeLog(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Replay(back)
	if err != nil || !cmp.Equal(next, again, courseOptions) {
		t.Errorf("the log replays to another course (%v):\n%s", err, cmp.Diff(next, again, courseOptions))
	}
}

// A version 1 log, written before courses knew their zone, still decodes,
// losing nothing; it replays once the caller names the zone.
func TestVersion1LogStillReads(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	pj, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	old := `{"version": 1, "protocol": ` + string(pj) + `, "preparation": "greying-cocktail", "sessions": 0,
	  "events": [{"type": "observation", "at": "2027-03-01T09:00:00+01:00", "kind": "shedding"}]}`
	l, err := event.DecodeLog(strings.NewReader(old))
	if err != nil {
		t.Fatalf("DecodeLog of a version 1 log: %v", err)
	}
	if l.Zone != nil || len(l.Events) != 1 {
		t.Fatalf("a version 1 log reads with zone %v and %d events; want none and 1", l.Zone, len(l.Events))
	}
	if _, err := Replay(l); err == nil || !errors.Is(err, meso.ErrMissing) || !strings.Contains(err.Error(), "zone") {
		t.Errorf("Replay without a zone: %v, want a FieldError at zone", err)
	}
	l.Zone = berlin
	c, err := Replay(l)
	if err != nil || c.State() != Planned {
		t.Errorf("Replay with the clinic's zone: %s, %v", c.State(), err)
	}
}

// The package documentation lists every rule a refusal names, once, in the
// order of Rules.
func TestDocListsEveryRule(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "//\t"); ok {
			if id, _, ok := strings.Cut(rest, " "); ok && given.Kebab(id) && slices.Contains(Rules(), id) {
				listed = append(listed, id)
			}
		}
	}
	if diff := cmp.Diff(Rules(), listed); diff != "" {
		t.Errorf("doc.go's list of rules (-Rules() +doc.go):\n%s", diff)
	}
	for _, r := range Rules() {
		if !given.Kebab(r) {
			t.Errorf("rule id %q is not kebab-case", r)
		}
	}
}

// Each refusal names its rule; a field's error is invalid-event, whatever
// sentinel it wraps.
func TestRuleOfEveryRefusal(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	planned, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	for _, tc := range []struct {
		name  string
		c     Course
		event event.Event
		rule  string
	}{
		{"a note over the limit", planned, event.Observation{At: jan(4, 9, 0), Observed: event.Shedding, Note: strings.Repeat("x", meso.MaxTextLen+1)}, RuleInvalidEvent},
		{"no instant", planned, event.Observation{Observed: event.Shedding}, RuleInvalidEvent},
		{"no event", planned, nil, RuleInvalidEvent},
		{"the zero course", Course{}, event.Observation{At: jan(4, 9, 0), Observed: event.Shedding}, RuleInvalidEvent},
		{"a cancellation without a reason", planned, event.Cancel{At: jan(4, 9, 0)}, RuleNeedsReason},
		{"a review while planned", planned, event.Review{At: jan(4, 9, 0), Outcome: event.OutcomeResume}, RuleNotAccepted},
		{"a year past 9999", planned, event.Observation{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Observed: event.Shedding}, RuleNotRepresentable},
	} {
		_, err := Apply(tc.c, tc.event)
		var te *TransitionError
		if !errors.As(err, &te) || te.Rule != tc.rule {
			t.Errorf("%s: %v, want rule %s", tc.name, err, tc.rule)
		}
	}
}
