package event

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	// Every event's zero value has no instant and its kind; Check refuses
	// those that miss a field, and a nil Event is no event.
	var e Event
	if e != nil {
		t.Errorf("the zero Event is an event")
	}
	for _, e := range []Event{Screened{}, TestInjection{}, SessionPerformed{}, SessionMissed{}, Hold{}, Resume{},
		AdverseEvent{}, Review{}, PreparationChanged{}, MainCourseCompleted{}, MaintenanceStarted{}, Close{}, Cancel{}, Observation{}} {
		if !e.When().IsZero() || e.Kind() == 0 {
			t.Errorf("%T{}: When %v, Kind %v", e, e.When(), e.Kind())
		}
		err := e.Check()
		switch e.(type) {
		case Resume, MainCourseCompleted, MaintenanceStarted, SessionMissed, Close:
			if err != nil {
				t.Errorf("%T{}.Check() = %v; its fields are all optional", e, err)
			}
		default:
			if err == nil {
				t.Errorf("%T{}.Check() accepted it", e)
			}
		}
	}
	// The zero Log has no protocol and no zone: it neither writes nor
	// decodes.
	var l Log
	if _, err := json.Marshal(l); err == nil {
		t.Errorf("json.Marshal(Log{}) accepted a log without a zone")
	}
	data, err := json.Marshal(Log{Zone: time.UTC})
	if err != nil {
		t.Fatalf("json.Marshal(Log{Zone: time.UTC}) = %v", err)
	}
	if _, err := DecodeLog(bytes.NewReader(data)); err == nil {
		t.Errorf("the zero Log's JSON decodes")
	}
	if c := l.Clone(); c.Events != nil || c.Zone != nil {
		t.Errorf("Log{}.Clone() = %+v", c)
	}
	// The zero Reference and PriceReference cite nothing and state nothing.
	if r := (Reference{}); r.ID != "" || r.Sources != nil {
		t.Errorf("Reference{} states something")
	}
	if p := (PriceReference{}); p.Min != 0 || p.Max != 0 || p.Sources != nil {
		t.Errorf("PriceReference{} states a price")
	}
	// The zero Safety is the default policy.
	if err := (Safety{}).Validate(); err != nil || (Safety{}).orDefault() != DefaultSafety() {
		t.Errorf("Safety{} = %v, %+v; want valid, the default", err, (Safety{}).orDefault())
	}
	// Enumerations: zero values have no name, except Zones, whose zero is
	// no zone (written as empty text).
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{Kind(0), Complication(0), Grade(0), Outcome(0), Observed(0)} {
		if _, err := v.MarshalText(); err == nil || v.String() == "" {
			t.Errorf("%T(0): MarshalText succeeded or String is empty", v)
		}
	}
	if s, err := Checklist(0).MarshalText(); err != nil || len(s) != 0 || Checklist(0).IDs() != nil {
		t.Errorf("Checklist(0) = %q, %v; want empty text, no steps", s, err)
	}
	if s, err := Zones(0).MarshalText(); err != nil || len(s) != 0 {
		t.Errorf("Zones(0) = %q, %v; want empty text", s, err)
	}
}
