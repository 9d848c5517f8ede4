package plancheck

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// Every exported type saves and loads as itself, or refuses to be saved: a
// Plan (Check's input) with each of its parts in their own forms, and the
// conflicts Check finds in the form MarshalJSON writes.
func TestJSONRoundTrip(t *testing.T) {
	as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(t, "Europe/Berlin"))
	in := screening.Intake{BirthDate: daytest.Date(t, "1990-04-12"), Conditions: []screening.Condition{screening.AcuteIllness}}
	plan := Plan{Appointments: as[:3], Aftercare: aftercare.DefaultPolicy(), Intake: &in,
		Screening: screening.Options{Preparation: "mesopecia"},
		Events: []PlannedEvent{{Activity: aftercare.XRay, From: as[0].Start.Add(time.Hour)},
			{Name: "a week at the sea", Activity: aftercare.SunExposure, From: as[1].Start, Until: as[1].Start.Add(7 * 24 * time.Hour)}},
		TestInjection: as[0].Start.Add(-24 * time.Hour), MinGap: 2}
	cs := check(t, plan)
	if len(cs) < 3 {
		t.Fatalf("%d conflicts, want at least 3", len(cs))
	}
	samples := []jsontest.Sample{
		{Type: "Plan", Value: plan},
		{Type: "PlannedEvent", Value: plan.Events[1]},
		{Type: "Conflict", Value: cs[0]},
		{Type: "Conflict (an event in a window)", Value: cs[1]},
		{Type: "Conflict (a step in a window)", Value: cs[2]},
		{Type: "ConflictKind", Value: cs[0].Kind},
		{Type: "ConflictSide", Value: cs[0].Restriction},
		{Type: "SideKind", Value: cs[0].Restriction.Kind},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
			cmp.Comparer(time.Time.Equal)) // an instant; RFC 3339 keeps its offset, not its zone's name
	})
	// The conflicts read back are the ones Check finds.
	data, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	var back []Conflict
	if err := strictjson.Decode(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cs, back, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("the conflicts read back differ (-want +got):\n%s", diff)
	}
}

// What a conflict's JSON form refuses, it refuses clearly.
func TestConflictJSONRefusals(t *testing.T) {
	var fe *meso.FieldError
	side := `{"kind":"appointment","sessions":[1],"from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","sources":[]}`
	for _, tc := range []struct {
		name, field string
		v           any
		doc         string
	}{
		{"no kind", "kind", new(Conflict), `{"message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","planned":` + side + `,"restriction":` + side + `}`},
		{"an unknown kind", "kind", new(Conflict), `{"kind":"clash","message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","planned":` + side + `,"restriction":` + side + `}`},
		{"until before from", "until", new(Conflict), `{"kind":"event-in-window","message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T09:00:00Z","planned":` + side + `,"restriction":` + side + `}`},
		{"no restriction", "restriction", new(Conflict), `{"kind":"event-in-window","message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","planned":` + side + `}`},
		{"a side of no kind", "planned.kind", new(Conflict), `{"kind":"event-in-window","message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","planned":{"from":"2027-03-01T10:00:00Z","sources":[]},"restriction":` + side + `}`},
		{"an unknown activity", "activity", new(ConflictSide), `{"kind":"window","activity":"skydiving","from":"2027-03-01T10:00:00Z","until":null,"sources":[]}`},
		{"session 0", "sessions[0]", new(ConflictSide), `{"kind":"appointment","sessions":[0],"from":"2027-03-01T10:00:00Z","until":null,"sources":[]}`},
		{"a folded key", "Kind", new(ConflictSide), `{"Kind":"appointment","from":"2027-03-01T10:00:00Z","until":null,"sources":[]}`},
	} {
		err := strictjson.Decode([]byte(tc.doc), tc.v)
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: decoding into %T = %v, want a *meso.FieldError at %s", tc.name, tc.v, err, tc.field)
		}
	}
}
