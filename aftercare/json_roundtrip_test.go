package aftercare

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved.
func TestJSONRoundTrip(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	session := time.Date(2027, time.March, 1, 10, 0, 0, 0, berlin)
	p := DefaultPolicy()
	windows := p.Windows(session)
	steps := p.Steps(session, true)
	var instr, other Instruction // one about an activity, one about none
	for _, i := range Instructions() {
		if i.Ask != 0 && i.Activity != 0 && instr.ID == "" {
			instr = i
		}
		if i.Ask != 0 && i.Activity == 0 && other.ID == "" {
			other = i
		}
	}
	if instr.ID == "" || other.ID == "" {
		t.Fatal("no instruction about an activity, or none about none")
	}
	otherStep, err := p.Step(other.ID, session)
	if err != nil {
		t.Fatal(err)
	}
	samples := []jsontest.Sample{
		{Type: "Policy", Value: p},
		{Type: "Restriction", Value: p.Restrictions()[0]},
		{Type: "Lead", Value: p.Leads()[0]},
		{Type: "SessionLength", Value: p.Session()},
		{Type: "Window", Value: windows[0]},
		{Type: "Timeline", Value: p.Course(session, session.AddDate(0, 0, 7))},
		{Type: "Step", Value: steps[0]},
		{Type: "Step (about no activity)", Value: otherStep},
		{Type: "Instruction", Value: instr},
		{Type: "Instruction (about no activity)", Value: other},
		{Type: "Policy (shortest-stated)", Value: ShortestStatedPolicy()},
		{Type: "Ask", Value: instr.Ask},
		{Type: "Activity", Value: windows[0].Activity},
		{Type: "Advice", Value: GeneralCare()[0]},
		{Type: "AfterEffect", Value: AfterEffects()[0]},
		{Type: "WarningSign", Value: WarningSigns()[0]},
		{Type: "Statement", Value: Statements(windows[0].Activity)[0]},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
			cmp.Comparer(time.Time.Equal), // an instant; RFC 3339 keeps its offset, not its zone's name
			// A timeline is its windows; its location, where they print,
			// reads back as their offset.
			cmp.Comparer(func(a, b Timeline) bool {
				return cmp.Equal(a.Windows(), b.Windows(), cmp.Comparer(time.Time.Equal))
			}))
	})
}

// What the JSON forms refuse, they refuse clearly: a row NewPolicy would
// refuse neither marshals nor unmarshals, and a timeline is read only in
// the form Windows writes, so that Merge changes nothing in it.
func TestJSONRefusals(t *testing.T) {
	p := DefaultPolicy()
	var fe *meso.FieldError
	for name, v := range map[string]any{"Restriction{}": Restriction{}, "Lead{}": Lead{}, "SessionLength{}": SessionLength{},
		"Policy{}": &Policy{}, "a negative statement": Statement{Min: -time.Hour}, "an after-effect over its max": AfterEffect{Min: 2 * time.Hour, Max: time.Hour}} {
		if _, err := json.Marshal(v); err == nil {
			t.Errorf("json.Marshal(%s) succeeded, want a refusal", name)
		}
	}
	row, err := json.Marshal(p.Restrictions()[0])
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(p)
	if !bytes.Contains(doc, row) {
		t.Errorf("a restriction marshals to %s, which is not its row in the policy's JSON", row)
	}
	w := `{"activity":"wash-hair","from":"2027-03-01T10:00:00+01:00","until":"2027-03-04T10:45:00+01:00"}`
	later := `{"activity":"wash-hair","from":"2027-03-04T10:45:00+01:00","until":"2027-03-05T10:45:00+01:00"}`
	touch := `{"activity":"touch-scalp","from":"2027-03-01T10:00:00+01:00","until":"2027-03-01T14:45:00+01:00"}`
	for _, tc := range []struct {
		name, field string
		v           any
		doc         string
	}{
		{"a duration over the limit", "duration", new(Restriction), `{"activity":"wash-hair","duration":"999h","sources":["s"]}`},
		{"no sources", "sources", new(Restriction), `{"activity":"wash-hair","duration":"72h","sources":[]}`},
		{"a folded key", "Activity", new(Restriction), `{"Activity":"wash-hair","duration":"72h","sources":["s"]}`},
		{"a tell instruction's lead", "id", new(Lead), `{"id":"` + tellID(t) + `","days":1,"sources":["s"]}`},
		{"a session of no length", "session.length", new(SessionLength), `{"length":"0s","sources":["s"]}`},
		{"an empty window", "[0].until", new(Timeline), `[{"activity":"wash-hair","from":"2027-03-01T10:00:00+01:00","until":"2027-03-01T10:00:00+01:00"}]`},
		{"windows that touch", "[1]", new(Timeline), `[` + w + `,` + later + `]`},
		{"windows out of order", "[1]", new(Timeline), `[` + w + `,` + touch + `]`},
		{"a window without an activity", "[0].activity", new(Timeline), `[{"from":"2027-03-01T10:00:00+01:00","until":"2027-03-02T10:00:00+01:00"}]`},
		{"a min over its max", "min", new(Statement), `{"min":"72h","max":"24h","words":"w","sources":["s"]}`},
	} {
		err := strictjson.Decode([]byte(tc.doc), tc.v)
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: decoding %s into %T = %v, want a *meso.FieldError at %s", tc.name, tc.doc, tc.v, err, tc.field)
		}
	}
	// On error the value is left as it was.
	r := p.Restrictions()[0]
	if err := r.UnmarshalJSON([]byte(`{"activity":"wash-hair","duration":"999h","sources":["s"]}`)); err == nil || r.Activity != p.Restrictions()[0].Activity {
		t.Errorf("a refused restriction changed the Restriction: %v", err)
	}
	tl := p.Course(time.Date(2027, time.March, 1, 10, 0, 0, 0, time.UTC))
	if err := tl.UnmarshalJSON([]byte(`[` + w + `,` + later + `]`)); err == nil || len(tl.Windows()) != len(p.Windows(time.Date(2027, time.March, 1, 10, 0, 0, 0, time.UTC))) {
		t.Errorf("a refused timeline changed the Timeline: %v", err)
	}
}

func tellID(t *testing.T) string {
	t.Helper()
	for _, in := range Instructions() {
		if in.Ask == Tell {
			return in.ID
		}
	}
	t.Fatal("no tell instruction")
	return ""
}
