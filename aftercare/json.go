package aftercare

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/strictjson"
)

// The JSON forms of aftercare's types besides Policy. A row of a policy
// (Restriction, Lead, SessionLength) saves as the row it is in the policy's
// JSON; a Timeline as its windows; the tables' entries (Statement,
// AfterEffect) with their durations written as in "72h". Each UnmarshalJSON
// reads strictly, checks what the type's constructor or LoadPolicy checks,
// and leaves its receiver as it was on error; each MarshalJSON refuses a
// value that could not be read back.

// UnmarshalJSON reads a policy in the form MarshalJSON writes, as LoadPolicy
// does and as strictly: a document LoadPolicy refuses is refused with the
// same error, and p is left as it was.
func (p *Policy) UnmarshalJSON(data []byte) error {
	if p == defaultPolicy() || p == shortestPolicy() {
		// Decoding into one would change it for every caller.
		return &meso.FieldError{Field: "policy", Err: fmt.Errorf("%w: DefaultPolicy() and ShortestStatedPolicy() are shared and cannot be changed; decode into a new Policy", meso.ErrInvalid)}
	}
	got, err := LoadPolicy(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*p = *got
	return nil
}

// MarshalJSON writes r as the row it is in a policy's "restrictions", as in
// {"activity": "wash-hair", "duration": "72h", "sources": […]}. A
// restriction NewPolicy would refuse (the zero Restriction among them) is
// refused with the same *meso.FieldError.
func (r Restriction) MarshalJSON() ([]byte, error) {
	if err := checkRestriction("", r); err != nil {
		return nil, err
	}
	return strictjson.Marshal(r.toJSON())
}

// UnmarshalJSON reads a restriction in the form MarshalJSON writes, as
// strictly as LoadPolicy reads one, and checks it as NewPolicy does. On
// error r is left as it was.
func (r *Restriction) UnmarshalJSON(data []byte) error {
	var rj ruleJSON
	if err := decode(data, &rj, "restriction"); err != nil {
		return err
	}
	got, err := rj.restriction("")
	if err != nil {
		return err
	}
	if err := checkRestriction("", got); err != nil {
		return err
	}
	got.Sources = cloneOrNil(got.Sources)
	*r = got
	return nil
}

// MarshalJSON writes l as the row it is in a policy's "instructions", as in
// {"id": "stop-anticoagulants", "days": 10, "sources": […]}. A lead
// NewPolicy would refuse (the zero Lead among them) is refused with the
// same *meso.FieldError.
func (l Lead) MarshalJSON() ([]byte, error) {
	if _, err := checkLead("", "id", l); err != nil {
		return nil, err
	}
	return strictjson.Marshal(l.toJSON())
}

// UnmarshalJSON reads a lead in the form MarshalJSON writes, as strictly as
// LoadPolicy reads one, and checks it as NewPolicy does. On error l is left
// as it was.
func (l *Lead) UnmarshalJSON(data []byte) error {
	var lj leadJSON
	if err := decode(data, &lj, "lead"); err != nil {
		return err
	}
	got := lj.lead()
	if _, err := checkLead("", "id", got); err != nil {
		return err
	}
	got.Sources = cloneOrNil(got.Sources)
	*l = got
	return nil
}

// MarshalJSON writes l as a policy's "session", as in {"length": "45m0s",
// "sources": […]}. A length WithSession would refuse (the zero
// SessionLength among them) is refused with the same *meso.FieldError.
func (l SessionLength) MarshalJSON() ([]byte, error) {
	if err := checkSession(l); err != nil {
		return nil, err
	}
	return strictjson.Marshal(l.toJSON())
}

// UnmarshalJSON reads a session length in the form MarshalJSON writes, as
// strictly as LoadPolicy reads one, and checks it as WithSession does. On
// error l is left as it was.
func (l *SessionLength) UnmarshalJSON(data []byte) error {
	var sj sessionJSON
	if err := decode(data, &sj, "session"); err != nil {
		return err
	}
	got, err := sj.length()
	if err != nil {
		return err
	}
	if err := checkSession(got); err != nil {
		return err
	}
	got.Sources = cloneOrNil(got.Sources)
	*l = got
	return nil
}

// MarshalJSON writes r as its merged windows, the list Windows returns:
// [{"activity": "wash-hair", "from": "2027-03-01T10:00:00+01:00", "until":
// "2027-03-04T10:45:00+01:00"}, …]. The zero Timeline is [].
func (r Timeline) MarshalJSON() ([]byte, error) {
	return strictjson.Marshal(r.Windows())
}

// UnmarshalJSON reads a timeline in the form MarshalJSON writes, strictly,
// and makes it with Merge. The windows must be as Windows gives them, so
// that Merge changes none of them: each of a known activity, with a from
// before its until; by activity, then time; and windows of one activity
// neither overlapping nor touching. Anything else is a *meso.FieldError
// naming the window ("[3].until"), and r is left as it was.
func (r *Timeline) UnmarshalJSON(data []byte) error {
	var ws []Window
	if err := decode(data, &ws, "timeline"); err != nil {
		return err
	}
	for i, w := range ws {
		field := "[" + strconv.Itoa(i) + "]"
		switch {
		case !w.Activity.valid():
			return &meso.FieldError{Field: field + ".activity", Err: fmt.Errorf("%w: want %s", meso.ErrMissing, activityText.Want())}
		case w.From.IsZero():
			return &meso.FieldError{Field: field + ".from", Err: meso.ErrMissing}
		case !w.From.Before(w.Until):
			return &meso.FieldError{Field: field + ".until", Value: w.Until.Format(time.RFC3339Nano),
				Err: fmt.Errorf("%w: not after the window's from", meso.ErrInvalid)}
		}
		// Merge writes every window in the first one's location: there
		// both ends must be in the years JSON can write.
		for _, end := range []struct {
			name string
			t    time.Time
		}{{"from", w.From}, {"until", w.Until}} {
			if y := end.t.In(ws[0].From.Location()).Year(); y < 0 || y > 9999 {
				return &meso.FieldError{Field: field + "." + end.name, Value: end.t.Format(time.RFC3339Nano),
					Err: fmt.Errorf("%w: in the first window's offset, %s, it falls outside the years 0000 to 9999", meso.ErrInvalid, ws[0].From.Format("-07:00"))}
			}
		}
		if i == 0 {
			continue
		}
		if prev := ws[i-1]; w.Activity < prev.Activity || w.Activity == prev.Activity && !prev.Until.Before(w.From) {
			return &meso.FieldError{Field: field, Value: w.Activity.String() + " from " + w.From.Format(time.RFC3339Nano),
				Err: fmt.Errorf("%w: a timeline's windows are by activity, then time, and those of one activity neither overlap nor touch", meso.ErrInvalid)}
		}
	}
	*r = Merge(ws)
	return nil
}

// durationText is a duration as aftercare's JSON writes it: "72h", "90m".
type durationText time.Duration

func (d durationText) MarshalText() ([]byte, error) {
	return []byte(formatDuration(time.Duration(d))), nil
}

func (d *durationText) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil || v < 0 {
		return fmt.Errorf("%w: want a duration of 0 or more such as 72h or 90m", meso.ErrInvalid)
	}
	*d = durationText(v)
	return nil
}

// checkSpan checks that a table entry's durations run from min to max.
func checkSpan(lo, hi time.Duration) error {
	if lo > hi {
		return &meso.FieldError{Field: "min", Value: formatDuration(lo), Err: fmt.Errorf("%w: more than max %s", meso.ErrInvalid, formatDuration(hi))}
	}
	return nil
}

type statementJSON struct {
	Min     durationText `json:"min,omitzero"`
	Max     durationText `json:"max,omitzero"`
	Words   string       `json:"words"`
	Reading string       `json:"reading,omitempty"`
	Sources []string     `json:"sources"`
}

// MarshalJSON writes s with its durations as in "72h", left out when 0:
// {"min": "48h", "max": "72h", "words": "…", "reading": "…", "sources": […]}.
func (s Statement) MarshalJSON() ([]byte, error) {
	if s.Min < 0 || s.Max < 0 {
		return nil, &meso.FieldError{Field: "min", Value: formatDuration(min(s.Min, s.Max)), Err: fmt.Errorf("%w: a negative duration", meso.ErrInvalid)}
	}
	if err := checkSpan(s.Min, s.Max); err != nil {
		return nil, err
	}
	return strictjson.Marshal(statementJSON{Min: durationText(s.Min), Max: durationText(s.Max), Words: s.Words, Reading: s.Reading, Sources: nonNil(s.Sources)})
}

// UnmarshalJSON reads a statement in the form MarshalJSON writes, strictly;
// a min over its max is refused. On error s is left as it was.
func (s *Statement) UnmarshalJSON(data []byte) error {
	var sj statementJSON
	if err := decode(data, &sj, "statement"); err != nil {
		return err
	}
	if err := checkSpan(time.Duration(sj.Min), time.Duration(sj.Max)); err != nil {
		return err
	}
	*s = Statement{Min: time.Duration(sj.Min), Max: time.Duration(sj.Max), Words: sj.Words, Reading: sj.Reading, Sources: cloneOrNil(sj.Sources)}
	return nil
}

type afterEffectJSON struct {
	What    string       `json:"what"`
	Min     durationText `json:"min,omitzero"`
	Max     durationText `json:"max,omitzero"`
	Words   string       `json:"words"`
	Sources []string     `json:"sources"`
}

// MarshalJSON writes e with its durations as in "72h", left out when 0:
// {"what": "…", "min": "24h", "max": "48h", "words": "…", "sources": […]}.
func (e AfterEffect) MarshalJSON() ([]byte, error) {
	if e.Min < 0 || e.Max < 0 {
		return nil, &meso.FieldError{Field: "min", Value: formatDuration(min(e.Min, e.Max)), Err: fmt.Errorf("%w: a negative duration", meso.ErrInvalid)}
	}
	if err := checkSpan(e.Min, e.Max); err != nil {
		return nil, err
	}
	return strictjson.Marshal(afterEffectJSON{What: e.What, Min: durationText(e.Min), Max: durationText(e.Max), Words: e.Words, Sources: nonNil(e.Sources)})
}

// UnmarshalJSON reads an after-effect in the form MarshalJSON writes,
// strictly; a min over its max is refused. On error e is left as it was.
func (e *AfterEffect) UnmarshalJSON(data []byte) error {
	var ej afterEffectJSON
	if err := decode(data, &ej, "after_effect"); err != nil {
		return err
	}
	if err := checkSpan(time.Duration(ej.Min), time.Duration(ej.Max)); err != nil {
		return err
	}
	*e = AfterEffect{What: ej.What, Min: time.Duration(ej.Min), Max: time.Duration(ej.Max), Words: ej.Words, Sources: cloneOrNil(ej.Sources)}
	return nil
}
