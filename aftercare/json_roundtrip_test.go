package aftercare

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
	var instr Instruction
	for _, i := range Instructions() {
		if i.Ask != 0 && i.Activity != 0 {
			instr = i
			break
		}
	}
	samples := []jsontest.Sample{
		{Type: "Policy", Value: p},
		{Type: "Restriction", Value: p.Restrictions()[0]},
		{Type: "Lead", Value: p.Leads()[0]},
		{Type: "SessionLength", Value: p.Session()},
		{Type: "Window", Value: windows[0]},
		{Type: "Timeline", Value: p.Course(session, session.AddDate(0, 0, 7)), Refuses: true},
		{Type: "Step", Value: steps[0]},
		{Type: "Instruction", Value: instr},
		{Type: "Ask", Value: instr.Ask},
		{Type: "Activity", Value: windows[0].Activity},
		{Type: "Advice", Value: GeneralCare()[0]},
		{Type: "AfterEffect", Value: AfterEffects()[0]},
		{Type: "WarningSign", Value: WarningSigns()[0]},
		{Type: "Statement", Value: Statements(windows[0].Activity)[0]},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
			cmp.Comparer(time.Time.Equal)) // an instant; RFC 3339 keeps its offset, not its zone's name
	})
}
