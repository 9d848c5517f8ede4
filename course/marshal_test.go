package course

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/strictjson"
)

// lifeFiles are the files of the life of a course, whose exported types
// TestJSONRoundTrip covers (event's own test covers the events').
var lifeFiles = []string{"machine.go", "replay.go", "safety.go", "states.go", "diagram.go"}

// marshalCase is an exported type of the life of a course: a sample value
// of it drawn by rapid, and whether JSON refuses it.
type marshalCase struct {
	name    string
	draw    func(t *rapid.T) any
	refuses bool
}

// No exported type of course marshals to {} silently: each
// either marshals to JSON that strictjson reads back to an equal value, or
// refuses to marshal, with an error. The table lists every exported type of
// lifeFiles (the test reads their declarations), so a new one must say
// which it does.
func TestJSONRoundTrip(t *testing.T) {
	cases := marshalCases()
	var listed []string
	for _, c := range cases {
		listed = append(listed, c.name)
	}
	for _, name := range exportedTypes(t, lifeFiles) {
		if !slices.Contains(listed, name) {
			t.Errorf("type %s has no case in marshalCases: add one (a sample, and whether it round-trips or refuses)", name)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				v := c.draw(rt)
				if got := reflect.TypeOf(v); got.Name() != c.name && !(got.Kind() == reflect.Pointer && got.Elem().Name() == c.name) {
					rt.Fatalf("the case %s draws a %s", c.name, got)
				}
				data, err := json.Marshal(v)
				if c.refuses {
					if err == nil {
						rt.Fatalf("json.Marshal(%#v) = %s; want an error", v, data)
					}
					if !errors.Is(err, errors.ErrUnsupported) {
						rt.Errorf("json.Marshal's error %v does not wrap errors.ErrUnsupported", err)
					}
					return
				}
				if err != nil {
					rt.Fatalf("json.Marshal(%#v): %v", v, err)
				}
				back := reflect.New(reflect.TypeOf(v))
				if err := strictjson.Decode(data, back.Interface()); err != nil {
					rt.Fatalf("%s does not read back strictly: %v", data, err)
				}
				if diff := cmp.Diff(v, back.Elem().Interface(), courseOptions, safetyOption); diff != "" {
					rt.Fatalf("%s reads back as another value (-marshalled +read):\n%s", data, diff)
				}
			})
		})
	}
}

// exportedTypes returns the exported types the files declare.
func exportedTypes(t *testing.T, files []string) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
						if _, iface := ts.Type.(*ast.InterfaceType); !iface { // Event: its values are the event types
							out = append(out, ts.Name.Name)
						}
					}
				}
			}
		}
	}
	return out
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
