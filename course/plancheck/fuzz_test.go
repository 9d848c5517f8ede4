package plancheck

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// Any input to the UnmarshalJSON of a Conflict or a ConflictSide, or to the
// UnmarshalText of a ConflictKind or a SideKind, is either refused (a
// *meso.FieldError naming the field for the JSON forms, an error wrapping
// a meso sentinel for the text forms, the receiver left as it was) or read
// as a value that encodes again and reads back as itself. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	as := expand(f, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(f, "Europe/Berlin"))
	in := screening.Intake{BirthDate: daytest.Date(f, "1990-04-12"), Conditions: []screening.Condition{screening.AcuteIllness}}
	plan := Plan{Appointments: as[:3], Aftercare: aftercare.DefaultPolicy(), Intake: &in,
		Screening: screening.Options{Preparation: "mesopecia"},
		Events: []PlannedEvent{{Activity: aftercare.XRay, From: as[0].Start.Add(time.Hour)},
			{Name: "a week at the sea", Activity: aftercare.SunExposure, From: as[1].Start, Until: as[1].Start.Add(7 * 24 * time.Hour)}},
		TestInjection: as[0].Start.Add(-24 * time.Hour), MinGap: 2}
	cs := check(f, plan)
	if len(cs) < 3 {
		f.Fatalf("%d conflicts, want at least 3", len(cs))
	}
	const side = `{"kind":"appointment","sessions":[1],"from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","sources":[]}`
	types := []jsontest.Type{
		{Sample: func() any { c := cs[0]; return &c }, Refusal: fuzzcheck.Field, Seeds: []string{
			`{"kind":"event-in-window","message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T09:00:00Z","planned":` + side + `,"restriction":` + side + `}`,
			`{"kind":"event-in-window","message":"m","from":"2027-03-01T10:00:00Z","until":"2027-03-01T10:00:00Z","planned":null,"restriction":` + side + `}`,
		}},
		{Sample: func() any { c := cs[1]; return &c }, Refusal: fuzzcheck.Field},
		{Sample: func() any { c := cs[2]; return &c }, Refusal: fuzzcheck.Field},
		{Sample: func() any { s := cs[0].Restriction; return &s }, Refusal: fuzzcheck.Field, Seeds: []string{side,
			`{"kind":"appointment","sessions":[],"rules":[],"from":"2027-03-01T10:00:00Z","until":null,"sources":null}`,
			`{"kind":"verdict","verdict":"cleared","from":"2027-03-01T10:00:00Z","until":null,"sources":[]}`,
			`{"kind":"window","activity":"wash-hair","from":"2027-03-01T10:00:00Z","until":"2027-03-01T09:00:00Z","sources":[]}`,
		}},
		{Sample: func() any { k := cs[0].Kind; return &k }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
		{Sample: func() any { k := cs[0].Restriction.Kind; return &k }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	}
	seeds, err := jsontest.FuzzSeeds(types, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		jsontest.CheckInput(t, types, data, func(want, got any) string {
			return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
				cmp.Comparer(time.Time.Equal)) // an instant; RFC 3339 keeps its offset, not its zone's name
		})
	})
}

// A side's empty lists read as MarshalJSON writes them, so that a side
// read back is the side read: "sessions": [] and "rules": [] as none (they
// are left out when written), "sources": null as [] (written as []). They
// read as []int{}, []string{} and nil, and came back as nil, nil and [].
func TestSideEmptyListsReadBackTheSame(t *testing.T) {
	var s ConflictSide
	if err := s.UnmarshalJSON([]byte(`{"kind":"appointment","sessions":[],"rules":[],"from":"2027-03-01T10:00:00Z","until":null,"sources":null}`)); err != nil {
		t.Fatal(err)
	}
	if s.Sessions != nil || s.Rules != nil || s.Sources == nil || len(s.Sources) != 0 {
		t.Errorf("sessions %#v, rules %#v, sources %#v; want nil, nil and []string{}", s.Sessions, s.Rules, s.Sources)
	}
}
