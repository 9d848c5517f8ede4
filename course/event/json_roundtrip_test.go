package event

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// marshalCase is an exported type of the package: a sample value
// of it drawn by rapid, and whether JSON refuses it.
type marshalCase struct {
	name    string
	draw    func(t *rapid.T) any
	refuses bool
}

// No exported type of the package marshals to {} silently: each either marshals to
// JSON that strictjson reads back to an equal value, or refuses to marshal
// with an error wrapping errors.ErrUnsupported (jsontest.CheckValue), for
// every value rapid draws. internal/apidoc fails when marshalCases names no
// case for an exported type, so a new one must say which it does.
func TestJSONRoundTrip(t *testing.T) {
	for _, c := range marshalCases() {
		t.Run(c.name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				v := c.draw(rt)
				if got := reflect.TypeOf(v); got.Name() != c.name && !(got.Kind() == reflect.Pointer && got.Elem().Name() == c.name) {
					rt.Fatalf("the case %s draws a %s", c.name, got)
				}
				jsontest.CheckValue(rt, v, c.refuses, strictjson.Decode, func(want, got any) string {
					return cmp.Diff(want, got, logOptions)
				})
			})
		})
	}
}

func marshalCases() []marshalCase {
	maint, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	birth, _ := meso.NewDate(1990, time.April, 12)
	instant := func(t *rapid.T) time.Time {
		offset := rapid.IntRange(-12*60, 14*60).Draw(t, "offset, minutes")
		at := time.Unix(rapid.Int64Range(946684800, 4102444800).Draw(t, "unix seconds"), rapid.Int64Range(0, 999999999).Draw(t, "nanoseconds"))
		return at.In(time.FixedZone("", offset*60))
	}
	text := func(t *rapid.T, label string) string {
		return rapid.SampledFrom([]string{"", "flu", "itching after the first session", "a note — in ünïcode", `"quoted" \ and <html>`}).Draw(t, label)
	}
	id := func(t *rapid.T) string {
		return rapid.SampledFrom([]string{"greying-cocktail", "amino-acid-cocktail", "papular"}).Draw(t, "id")
	}
	date := func(t *rapid.T) meso.Date {
		d, _ := meso.NewDate(2027, time.January, 1)
		return d.AddDays(rapid.IntRange(0, 3000).Draw(t, "days"))
	}
	result := func(t *rapid.T) screening.Result {
		in := screening.Intake{BirthDate: birth, Sex: formulary.Female}
		if rapid.Bool().Draw(t, "a finding?") {
			in.PriorReactions = []screening.Reaction{screening.DyeReaction}
		}
		r, err := screening.Screen(in, date(t), screening.Options{Preparation: rapid.SampledFrom([]string{"greying-cocktail", "amino-acid-cocktail"}).Draw(t, "preparation")})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	enum := func(name string, n int, mk func(int) any) marshalCase {
		return marshalCase{name: name, draw: func(t *rapid.T) any { return mk(rapid.IntRange(1, n-1).Draw(t, "value")) }}
	}
	var cases []marshalCase
	cases = []marshalCase{
		{name: "Screened", draw: func(t *rapid.T) any { return Screened{At: instant(t), Result: result(t)} }},
		{name: "TestInjection", draw: func(t *rapid.T) any {
			return TestInjection{At: instant(t), Preparation: id(t), Reaction: text(t, "reaction")}
		}},
		{name: "SessionPerformed", draw: func(t *rapid.T) any {
			return SessionPerformed{At: instant(t), Preparation: id(t), Technique: id(t),
				Zones:      Zones(rapid.IntRange(1, int(allZones)).Draw(t, "zones")),
				Injections: rapid.IntRange(1, MaxInjections).Draw(t, "injections"),
				Checklist:  Checklist(rapid.IntRange(0, 1<<len(sessionSteps)-1).Draw(t, "checklist"))}
		}},
		{name: "SessionMissed", draw: func(t *rapid.T) any { return SessionMissed{At: instant(t), Reason: text(t, "reason")} }},
		{name: "Hold", draw: func(t *rapid.T) any {
			h := Hold{At: instant(t), Reason: text(t, "reason")}
			if rapid.Bool().Draw(t, "until?") {
				h.Until = date(t)
			}
			return h
		}},
		{name: "Resume", draw: func(t *rapid.T) any { return Resume{At: instant(t)} }},
		{name: "AdverseEvent", draw: func(t *rapid.T) any {
			return AdverseEvent{At: instant(t), Complication: Complication(rapid.IntRange(1, int(numComplications)-1).Draw(t, "complication")),
				Grade: Grade(rapid.IntRange(1, 3).Draw(t, "grade")), Note: text(t, "note")}
		}},
		{name: "Review", draw: func(t *rapid.T) any {
			r := Review{At: instant(t), Outcome: Outcome(rapid.IntRange(1, 3).Draw(t, "outcome")), Note: text(t, "note")}
			if r.Outcome == OutcomeChangePreparation {
				r.Preparation = id(t)
			}
			return r
		}},
		{name: "PreparationChanged", draw: func(t *rapid.T) any {
			return PreparationChanged{At: instant(t), Preparation: id(t), Reason: text(t, "reason")}
		}},
		{name: "MainCourseCompleted", draw: func(t *rapid.T) any { return MainCourseCompleted{At: instant(t)} }},
		{name: "MaintenanceStarted", draw: func(t *rapid.T) any {
			m := MaintenanceStarted{At: instant(t)}
			if rapid.Bool().Draw(t, "protocol?") {
				m.Protocol = maint
			}
			return m
		}},
		{name: "Close", draw: func(t *rapid.T) any { return Close{At: instant(t), Note: text(t, "note")} }},
		{name: "Cancel", draw: func(t *rapid.T) any { return Cancel{At: instant(t), Reason: text(t, "reason")} }},
		{name: "Observation", draw: func(t *rapid.T) any {
			return Observation{At: instant(t), Observed: Observed(rapid.IntRange(1, 2).Draw(t, "observed")), Note: text(t, "note")}
		}},
		{name: "Log", draw: func(t *rapid.T) any { return sampleLog(t, cases) }},
		{name: "Safety", draw: func(t *rapid.T) any {
			return Safety{ScreeningValidDays: rapid.IntRange(0, MaxSafetyDays).Draw(t, "screening days"), TestLeadDays: rapid.IntRange(1, MaxSafetyDays).Draw(t, "lead days")}
		}},
		{name: "PriceReference", draw: func(t *rapid.T) any { return rapid.SampledFrom(Prices()).Draw(t, "price") }},
		{name: "Reference", draw: func(t *rapid.T) any {
			return rapid.SampledFrom(slices.Concat(Performers(), SessionSteps(), Expectations(), Referrals())).Draw(t, "reference")
		}},
		enum("Kind", int(numKinds), func(i int) any { return Kind(i) }),
		enum("Complication", int(numComplications), func(i int) any { return Complication(i) }),
		enum("Grade", 4, func(i int) any { return Grade(i) }),
		enum("Outcome", 4, func(i int) any { return Outcome(i) }),
		enum("Observed", 3, func(i int) any { return Observed(i) }),
		enum("Zones", int(allZones)+1, func(i int) any { return Zones(i) }),
		enum("Checklist", 1<<len(sessionSteps), func(i int) any { return Checklist(i) }),
	}
	return cases
}

// sampleLog draws a log of a weekly protocol in a zone, its events drawn
// by the cases of the event types.
func sampleLog(t *rapid.T, cases []marshalCase) Log {
	p, _ := schedule.Lookup(schedule.Weekly)
	l := Log{Protocol: p, Preparation: "greying-cocktail", Sessions: rapid.IntRange(0, 12).Draw(t, "sessions"),
		Zone: rapid.SampledFrom([]*time.Location{berlin, time.UTC}).Draw(t, "zone")}
	if rapid.Bool().Draw(t, "safety?") {
		l.Safety = Safety{ScreeningValidDays: 2, TestLeadDays: 3}
	}
	for range rapid.IntRange(0, 5).Draw(t, "events") {
		c := rapid.SampledFrom(cases[:numKinds-1]).Draw(t, "event")
		l.Events = append(l.Events, c.draw(t).(Event))
	}
	return l
}

// The values past an enumeration's names, or its zero where it names
// nothing, do not marshal to a name that reads back as something else.
func TestEnumsOutOfRange(t *testing.T) {
	for _, v := range []any{Kind(0), Kind(numKinds), Complication(0), Complication(numComplications),
		Grade(0), Grade(4), Outcome(0), Outcome(4), Observed(0), Observed(3), Zones(0), Zones(allZones + 1), Checklist(0), Checklist(1 << len(sessionSteps))} {
		data, err := json.Marshal(v)
		if err != nil {
			continue
		}
		back := reflect.New(reflect.TypeOf(v))
		if err := strictjson.Decode(data, back.Interface()); err == nil && back.Elem().Interface() != v {
			t.Errorf("%T(%d) marshals to %s, which reads back as %d", v, v, data, back.Elem().Interface())
		}
	}
}
