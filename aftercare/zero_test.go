package aftercare

import (
	"errors"
	"testing"
	"time"

	"github.com/mesokit/meso"
)

// The zero value of every exported type either works or is refused with an
// error; none panics. (TestZeroPolicy and TestZeroTimeline look closer at
// the two with behaviour.)
func TestZeroValues(t *testing.T) {
	session := time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC)
	if a := (Advice{}); a.What != "" || a.Sources != nil {
		t.Errorf("Advice{} advises something")
	}
	var p Policy
	if len(p.Windows(session)) != 0 || len(p.Steps(session, true)) != 0 || p.Duration(WashHair) != 0 {
		t.Errorf("Policy{} restricts something")
	}
	var r Timeline
	if !r.Allowed(WashHair, session) || len(r.Windows()) != 0 {
		t.Errorf("Restrictions{} restricts something")
	}
	// A zero window is empty: it holds no instant and merges away.
	var w Window
	if w.Contains(session) || w.Overlaps(Window{Activity: Pool, From: session, Until: session.Add(time.Hour)}) || len(Merge([]Window{w}).Windows()) != 0 {
		t.Errorf("Window{} holds something")
	}
	// A zero step, rule or lead is refused where one is given.
	var s Step
	if s.Instruction != "" || s.From.Before(s.Until) {
		t.Errorf("Step{} spans something")
	}
	if _, err := NewPolicy("zero", []Restriction{{}}, nil); !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("NewPolicy with a Rule{}: %v, want meso.ErrUnknown (no activity)", err)
	}
	if _, err := NewPolicy("zero", nil, []Lead{{}}); !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("NewPolicy with a Lead{}: %v, want meso.ErrUnknown (no instruction)", err)
	}
	if _, err := DefaultPolicy().WithSession(SessionLength{}); !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("WithSession(SessionLength{}): %v, want meso.ErrInvalid (no length)", err)
	}
	if p.Session().Duration != 0 {
		t.Errorf("Policy{} has a session length")
	}
	// Descriptions: a zero one states nothing.
	if (Statement{}).Stated() || (AfterEffect{}).Max != 0 || (WarningSign{}).What != "" || (Instruction{}).Ask != 0 {
		t.Errorf("a zero Statement, AfterEffect, WarningSign or Instruction says something")
	}
	// Enumerations: the zero Activity and Ask have no name.
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{Activity(0), Ask(0)} {
		if _, err := v.MarshalText(); err == nil || v.String() == "" {
			t.Errorf("%T(0): MarshalText succeeded or String is empty", v)
		}
	}
	if Activity(0).Phrase() != "" || Statements(0) != nil {
		t.Errorf("Activity(0) has a phrase or statements")
	}
	var fe meso.FieldError
	if fe.Error() == "" || fe.Unwrap() != nil {
		t.Errorf("meso.FieldError{}: %q, %v", fe.Error(), fe.Unwrap())
	}
}
