package event

import (
	"fmt"
	"strconv"

	"github.com/mesokit/meso"
)

// Safety is a clinic's policy on the conditions every session must meet, as
// a course is made under it (course.Course.WithSafety) and its log records
// it; course enforces it. The zero Safety means DefaultSafety.
type Safety struct {
	// ScreeningValidDays is how many days after its date a screening still
	// clears a session: 0, the default, means the session's own day only.
	// The default is a policy value, not a sourced one: the strictest
	// reading of S1 (before the procedure, tell the clinic about allergies
	// and medicines; menstruation and pregnancy can begin mid-course).
	ScreeningValidDays int `json:"screening_valid_days"`
	// TestLeadDays is how many days before the first session with a
	// preparation its test injection may come, at most: 1, the default, is
	// S2's "one day before the first procedure". It is never less than 1.
	TestLeadDays int `json:"test_lead_days"`
}

// MaxSafetyDays bounds both of Safety's values.
const MaxSafetyDays = 30

// DefaultSafety returns the default safety policy: a screening on the
// session's own day (a policy default, marked as such) and the test injection
// on the day before the first session with a preparation (S2).
func DefaultSafety() Safety { return Safety{ScreeningValidDays: 0, TestLeadDays: 1} }

// orDefault returns s, or DefaultSafety for the zero Safety.
func (s Safety) orDefault() Safety {
	if s == (Safety{}) {
		return DefaultSafety()
	}
	return s
}

// Validate checks s: ScreeningValidDays 0 to MaxSafetyDays, TestLeadDays 1
// to MaxSafetyDays (the zero Safety is the default and valid). An error is a
// *meso.FieldError naming the field.
func (s Safety) Validate() error {
	s = s.orDefault()
	if s.ScreeningValidDays < 0 || s.ScreeningValidDays > MaxSafetyDays {
		return &meso.FieldError{Field: "safety.screening_valid_days", Value: strconv.Itoa(s.ScreeningValidDays), Err: fmt.Errorf("%w: want 0 to %d", meso.ErrInvalid, MaxSafetyDays)}
	}
	if s.TestLeadDays < 1 || s.TestLeadDays > MaxSafetyDays {
		return &meso.FieldError{Field: "safety.test_lead_days", Value: strconv.Itoa(s.TestLeadDays), Err: fmt.Errorf("%w: want 1 to %d", meso.ErrInvalid, MaxSafetyDays)}
	}
	return nil
}
