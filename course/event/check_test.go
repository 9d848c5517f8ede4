package event

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
)

// valid returns one event of each type whose fields all check.
func valid() []Event {
	m, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	return []Event{
		cleared(march(1)),
		TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "redness"},
		SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: Crown | Temples, Injections: 40, Checklist: 0b101},
		SessionMissed{At: march(4), Reason: "flu"},
		Hold{At: march(5), Reason: "holiday"},
		Resume{At: march(6)},
		AdverseEvent{At: march(7), Complication: Bruising, Grade: Mild, Note: "crown"},
		Review{At: march(8), Outcome: OutcomeChangePreparation, Preparation: "amino-acid-cocktail"},
		Review{At: march(8), Outcome: OutcomeResume},
		PreparationChanged{At: march(9), Preparation: "amino-acid-cocktail"},
		MainCourseCompleted{At: march(10)},
		MaintenanceStarted{At: march(11)},
		MaintenanceStarted{At: march(11), Protocol: m},
		Close{At: march(12)},
		Cancel{At: march(13), Reason: "moved away"},
		Observation{At: march(14), Observed: Shedding},
	}
}

// Check accepts valid fields without allocating, and refuses each invalid
// one with a *meso.FieldError naming it.
func TestCheck(t *testing.T) {
	for _, e := range valid() {
		if err := e.Check(); err != nil {
			t.Errorf("%T.Check() = %v", e, err)
		}
		if _, screened := e.(Screened); screened {
			continue // screening.Result.Check is screening's
		}
		if m, ok := e.(MaintenanceStarted); ok && !m.monthly() {
			continue // schedule.Protocol.Validate is schedule's
		}
		if n := testing.AllocsPerRun(100, func() { _ = e.Check() }); n != 0 {
			t.Errorf("%T.Check() allocates %.0f times", e, n)
		}
	}
	weekly, _ := schedule.Lookup(schedule.Weekly)
	session := SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: Crown, Injections: 40}
	with := func(f func(*SessionPerformed)) SessionPerformed { s := session; f(&s); return s }
	for _, tc := range []struct {
		e     Event
		field string
		err   error
	}{
		{TestInjection{At: march(2)}, "preparation", meso.ErrMissing},
		{TestInjection{At: march(2), Preparation: "Greying"}, "preparation", meso.ErrInvalid},
		{TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "red\x00"}, "reaction", meso.ErrInvalid},
		{with(func(s *SessionPerformed) { s.Preparation = "" }), "preparation", meso.ErrMissing},
		{with(func(s *SessionPerformed) { s.Technique = "" }), "technique", meso.ErrMissing},
		{with(func(s *SessionPerformed) { s.Zones = 0 }), "zones", meso.ErrInvalid},
		{with(func(s *SessionPerformed) { s.Zones = allZones + 1 }), "zones", meso.ErrInvalid},
		{with(func(s *SessionPerformed) { s.Injections = MaxInjections + 1 }), "injections", meso.ErrInvalid},
		{with(func(s *SessionPerformed) { s.Checklist = 1 << len(sessionSteps) }), "checklist", meso.ErrInvalid},
		{SessionMissed{At: march(4), Reason: strings.Repeat("x", 2001)}, "reason", meso.ErrTooLarge},
		{Hold{At: march(5)}, "reason", meso.ErrMissing},
		{AdverseEvent{At: march(7), Grade: Mild}, "complication", meso.ErrUnknown},
		{AdverseEvent{At: march(7), Complication: Fever}, "grade", meso.ErrUnknown},
		{Review{At: march(8), Outcome: OutcomeResume, Preparation: "amino-acid-cocktail"}, "preparation", meso.ErrInvalid},
		{Review{At: march(8), Outcome: OutcomeChangePreparation}, "preparation", meso.ErrMissing},
		{Review{At: march(8)}, "outcome", meso.ErrUnknown},
		{PreparationChanged{At: march(9)}, "preparation", meso.ErrMissing},
		{MaintenanceStarted{At: march(11), Protocol: weekly}, "protocol", meso.ErrInvalid},
		{Cancel{At: march(13)}, "reason", meso.ErrMissing},
		{Observation{At: march(14)}, "observed", meso.ErrUnknown},
		{Screened{At: march(1), Result: cleared(march(1)).Result}, "", nil},
	} {
		err := tc.e.Check()
		if tc.err == nil {
			if err != nil {
				t.Errorf("%+v.Check() = %v", tc.e, err)
			}
			continue
		}
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.err) {
			t.Errorf("%T %+v: Check() = %v; want a *meso.FieldError at %s wrapping %v", tc.e, tc.e, err, tc.field, tc.err)
		}
	}
}

// monthly is true for the zero Protocol only: any field set, however
// empty its value (an empty slice), names a protocol of its own.
func TestMonthlyProtocol(t *testing.T) {
	if !(MaintenanceStarted{}).monthly() {
		t.Fatalf("the zero MaintenanceStarted is not monthly")
	}
	typ := reflect.TypeOf(schedule.Protocol{})
	for i := range typ.NumField() {
		var e MaintenanceStarted
		f := reflect.ValueOf(&e.Protocol).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Int:
			f.SetInt(1)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		case reflect.Struct:
			f.Field(0).SetInt(1)
		default:
			t.Fatalf("Protocol.%s is a %s: teach the test to set it", typ.Field(i).Name, f.Kind())
		}
		if e.monthly() {
			t.Errorf("MaintenanceStarted with Protocol.%s set is monthly", typ.Field(i).Name)
		}
	}
}
