package plancheck

import (
	"time"

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
