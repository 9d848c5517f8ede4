package course

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// marshalCase is an exported type of the life of a course: a sample value
// of it drawn by rapid, and whether JSON refuses it.
type marshalCase struct {
	name    string
	draw    func(t *rapid.T) any
	refuses bool
}

// No exported type of course marshals to {} silently: each either marshals to
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
					return cmp.Diff(want, got, courseOptions, safetyOption)
				})
			})
		})
	}
}

func marshalCases() []marshalCase {
	course := func(t *rapid.T) Course {
		p, _ := schedule.Lookup(rapid.SampledFrom([]string{schedule.Weekly, schedule.TwiceWeekly}).Draw(t, "protocol"))
		c, err := NewCourse(p, "greying-cocktail", 0, berlin)
		if err != nil {
			t.Fatal(err)
		}
		events := []event.Event{cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"},
			cleared(march(3).Add(-time.Hour)), sessionAt(march(3)), event.Observation{At: march(4), Observed: event.Shedding},
			event.Hold{At: march(5), Reason: "flu", Until: meso.DateOf(march(8))}, event.Resume{At: march(8)},
			event.AdverseEvent{At: march(9), Complication: event.Bruising, Grade: event.Mild}}
		for _, e := range events[:rapid.IntRange(0, len(events)).Draw(t, "events")] {
			if c, err = Apply(c, e); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	enum := func(name string, n int, mk func(int) any) marshalCase {
		return marshalCase{name: name, draw: func(t *rapid.T) any { return mk(rapid.IntRange(1, n-1).Draw(t, "value")) }}
	}
	return []marshalCase{
		{name: "Course", draw: func(t *rapid.T) any { return course(t) }},
		{name: "TransitionError", refuses: true, draw: func(t *rapid.T) any {
			_, err := Apply(course(t), event.SessionPerformed{At: march(1)})
			var te *TransitionError
			if !errors.As(err, &te) {
				t.Fatalf("want a *TransitionError, got %v", err)
			}
			if rapid.Bool().Draw(t, "pointer?") {
				return te
			}
			return *te
		}},
		{name: "ReplayError", refuses: true, draw: func(t *rapid.T) any {
			l := course(t).Log()
			l.Events = append(l.Events, event.Resume{At: march(1)})
			_, err := Replay(l)
			var re *ReplayError
			if !errors.As(err, &re) {
				t.Fatalf("want a *ReplayError, got %v", err)
			}
			if rapid.Bool().Draw(t, "pointer?") {
				return re
			}
			return *re
		}},
		enum("State", int(numStates), func(i int) any { return State(i) }),
	}
}

// The values past an enumeration's names, or its zero where it names
// nothing, do not marshal to a name that reads back as something else.
func TestEnumsOutOfRange(t *testing.T) {
	for _, v := range []any{State(0), State(numStates)} {
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
