package plancheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/strictjson"
)

type (
	conflictJSON struct {
		Kind        string    `json:"kind"`
		Message     string    `json:"message"`
		From        time.Time `json:"from"`
		Until       time.Time `json:"until"`
		Planned     sideJSON  `json:"planned"`
		Restriction sideJSON  `json:"restriction"`
	}
	sideJSON struct {
		Kind          string     `json:"kind"`
		Sessions      []int      `json:"sessions,omitempty"`
		Instruction   string     `json:"instruction,omitempty"`
		Activity      string     `json:"activity,omitempty"`
		Event         string     `json:"event,omitempty"`
		Verdict       string     `json:"verdict,omitempty"`
		Rules         []string   `json:"rules,omitempty"`
		From          time.Time  `json:"from"`
		Until         *time.Time `json:"until"`
		Sources       []string   `json:"sources"`
		PolicyDefault bool       `json:"policy_default,omitempty"`
	}
)

// MarshalJSON writes the conflict as
//
//	{"kind": "requirement-in-window", "message": "…",
//	 "from": "2027-03-02T00:00:00+01:00", "until": "2027-03-03T00:00:00+01:00",
//	 "planned": {"kind": "step", "sessions": [2], "instruction": "wash-hair-day-before",
//	   "activity": "wash-hair", "from": "…", "until": "…", "sources": ["…", "…"]},
//	 "restriction": {"kind": "window", "sessions": [1], "activity": "wash-hair",
//	   "from": "…", "until": "…", "sources": ["…"]}}
//
// with instants in RFC 3339 with their offsets. A side leaves out the fields
// its kind does not fill (see ConflictSide), writes until as null when it is
// not known, sources as [] when there are none, and policy_default only when
// true. A conflict without a kind, or with a side without one, is an error.
func (c Conflict) MarshalJSON() ([]byte, error) {
	kind, err := c.Kind.MarshalText()
	if err != nil {
		return nil, err
	}
	doc := conflictJSON{Kind: string(kind), Message: c.Message, From: c.From, Until: c.Until}
	if doc.Planned, err = c.Planned.toJSON(); err != nil {
		return nil, err
	}
	if doc.Restriction, err = c.Restriction.toJSON(); err != nil {
		return nil, err
	}
	return marshal(doc)
}

// MarshalJSON writes the side as Conflict.MarshalJSON does.
func (s ConflictSide) MarshalJSON() ([]byte, error) {
	doc, err := s.toJSON()
	if err != nil {
		return nil, err
	}
	return marshal(doc)
}

func (s ConflictSide) toJSON() (sideJSON, error) {
	kind, err := s.Kind.MarshalText()
	if err != nil {
		return sideJSON{}, err
	}
	doc := sideJSON{Kind: string(kind), Sessions: s.Sessions, Instruction: s.Instruction, Event: s.Event, Rules: s.Rules,
		From: s.From, Sources: s.Sources, PolicyDefault: s.PolicyDefault}
	if s.Activity != 0 {
		a, err := s.Activity.MarshalText()
		if err != nil {
			return sideJSON{}, err
		}
		doc.Activity = string(a)
	}
	if s.Verdict != 0 {
		v, err := s.Verdict.MarshalText()
		if err != nil {
			return sideJSON{}, err
		}
		doc.Verdict = string(v)
	}
	if !s.Until.IsZero() {
		doc.Until = &s.Until
	}
	if doc.Sources == nil {
		doc.Sources = []string{}
	}
	return doc, nil
}

// marshal writes v as JSON without escaping <, > and &, which messages use.
func marshal(v any) ([]byte, error) { return strictjson.Marshal(v) }

// UnmarshalJSON reads a conflict in the form MarshalJSON writes, strictly:
// its kind and each side's must be known, and where the two sides meet
// (until not before from) and each side's span must hold. Anything else is
// a *meso.FieldError naming the field, and c is left as it was.
func (c *Conflict) UnmarshalJSON(data []byte) error {
	var doc struct {
		Kind        string          `json:"kind"`
		Message     string          `json:"message"`
		From        time.Time       `json:"from"`
		Until       time.Time       `json:"until"`
		Planned     json.RawMessage `json:"planned"`
		Restriction json.RawMessage `json:"restriction"`
	}
	if err := strictjson.DecodeField(data, &doc, "conflict"); err != nil {
		return err
	}
	got := Conflict{Message: doc.Message, From: doc.From, Until: doc.Until}
	if err := parseKind("kind", doc.Kind, conflictKindText, &got.Kind); err != nil {
		return err
	}
	if err := checkSpan("", got.From, got.Until); err != nil {
		return err
	}
	for _, side := range []struct {
		field string
		raw   json.RawMessage
		into  *ConflictSide
	}{{"planned", doc.Planned, &got.Planned}, {"restriction", doc.Restriction, &got.Restriction}} {
		if len(side.raw) == 0 {
			return &meso.FieldError{Field: side.field, Err: fmt.Errorf("%w: a conflict has two sides", meso.ErrMissing)}
		}
		s, err := readSide(side.raw, side.field)
		if err != nil {
			return err
		}
		*side.into = s
	}
	*c = got
	return nil
}

// UnmarshalJSON reads a side in the form MarshalJSON writes, as
// Conflict.UnmarshalJSON reads each of its sides. On error s is left as it
// was.
func (s *ConflictSide) UnmarshalJSON(data []byte) error {
	got, err := readSide(data, "")
	if err != nil {
		return err
	}
	*s = got
	return nil
}

// readSide reads the side at field of a conflict ("" for one on its own).
func readSide(data []byte, field string) (ConflictSide, error) {
	var sj sideJSON
	if err := strictjson.DecodeField(data, &sj, orWhole(field, "side")); err != nil {
		if fe := (*meso.FieldError)(nil); errors.As(err, &fe) && field != "" && fe.Field != field {
			fe.Field = field + "." + fe.Field
		}
		return ConflictSide{}, err
	}
	// A list reads as MarshalJSON writes it, so that it reads back the
	// same: no sessions or rules (left out) as none, no sources as [], as
	// Check gives them.
	s := ConflictSide{Sessions: nilIfEmpty(sj.Sessions), Instruction: sj.Instruction, Event: sj.Event, Rules: nilIfEmpty(sj.Rules),
		From: sj.From, Sources: sj.Sources, PolicyDefault: sj.PolicyDefault}
	if s.Sources == nil {
		s.Sources = []string{}
	}
	if err := parseKind(fieldAt(field, "kind"), sj.Kind, sideKindText, &s.Kind); err != nil {
		return ConflictSide{}, err
	}
	if sj.Activity != "" {
		if err := s.Activity.UnmarshalText([]byte(sj.Activity)); err != nil {
			return ConflictSide{}, &meso.FieldError{Field: fieldAt(field, "activity"), Value: sj.Activity, Err: err}
		}
	}
	if sj.Verdict != "" {
		if err := s.Verdict.UnmarshalText([]byte(sj.Verdict)); err != nil || s.Verdict == 0 {
			return ConflictSide{}, &meso.FieldError{Field: fieldAt(field, "verdict"), Value: sj.Verdict, Err: fmt.Errorf("%w verdict", meso.ErrUnknown)}
		}
	}
	for i, n := range s.Sessions {
		if n < 1 {
			return ConflictSide{}, &meso.FieldError{Field: fieldAt(field, "sessions") + "[" + strconv.Itoa(i) + "]", Value: strconv.Itoa(n),
				Err: fmt.Errorf("%w: a session's number is 1 or more", meso.ErrInvalid)}
		}
	}
	if s.From.IsZero() {
		return ConflictSide{}, &meso.FieldError{Field: fieldAt(field, "from"), Err: meso.ErrMissing}
	}
	if sj.Until != nil {
		s.Until = *sj.Until
		if err := checkSpan(field, s.From, s.Until); err != nil {
			return ConflictSide{}, err
		}
	}
	return s, nil
}

// parseKind reads the name of a kind of t into k; an empty or unknown one
// is a *meso.FieldError at field.
func parseKind[E ~uint8](field, name string, t *enum.Table, k *E) error {
	if name == "" {
		return &meso.FieldError{Field: field, Err: fmt.Errorf("%w: want %s", meso.ErrMissing, t.Want())}
	}
	v, ok := enum.Parse[E](t, name)
	if !ok || v == 0 {
		return &meso.FieldError{Field: field, Value: name, Err: t.Mismatch()}
	}
	*k = v
	return nil
}

// checkSpan checks that until, at field, is not before from.
func checkSpan(field string, from, until time.Time) error {
	if until.Before(from) {
		return &meso.FieldError{Field: fieldAt(field, "until"), Value: until.Format(time.RFC3339Nano),
			Err: fmt.Errorf("%w: before from %s", meso.ErrInvalid, from.Format(time.RFC3339Nano))}
	}
	return nil
}

// fieldAt is the path of name inside the value at field ("" for a value read on
// its own).
func fieldAt(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

func orWhole(field, whole string) string {
	if field == "" {
		return whole
	}
	return field
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}
