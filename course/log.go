package course

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/strictjson"
)

// Limits on a course's life, so that no log can make the library allocate
// without bound.
const (
	MaxEvents     = 10000   // events in one course's log
	MaxInjections = 1000    // injections in one session (the sources state 30-40, S4, and 100-120, S2)
	MaxLogBytes   = 8 << 20 // the JSON form of one log
)

// LogVersion is the version of the log's JSON form that this package writes.
// It also reads version 1, which has no "zone" and no "safety" (see Log).
const LogVersion = 2

// Log is what a clinic keeps of a course: the protocol, preparation, planned
// number of sessions, clinic's zone and safety policy it was made with (see
// NewCourse and Course.WithSafety), and every event applied to it, in order.
// Replay rebuilds the course from it.
//
// Its JSON form is versioned and strict:
//
//	{"version": 2, "protocol": {…}, "preparation": "…", "sessions": 11,
//	 "zone": "Europe/Berlin",
//	 "safety": {"screening_valid_days": 0, "test_lead_days": 1},
//	 "events": [{"type": "screened", "at": "2027-01-04T09:00:00+01:00", "result": {…}}, …]}
//
// Each event is an object with its "type" (an EventKind) and the fields of
// its Go type; times are RFC 3339, written in the zone (named by its IANA
// name). A log of version 1, written before courses knew their zone, reads
// with a nil Zone and the zero Safety (DefaultSafety), every event as it was
// stored: set Zone to the clinic's zone before Replay, which refuses a nil
// one. Its events then replay under today's rules, so a session that an
// older version accepted without a screening on its day is refused, with the
// index of the event and the rule it breaks; nothing in the log is lost or
// changed. Its screening results carry no date, and a course refuses them
// (RuleInvalidEvent, "result.date"): such a course is continued in a new log.
type Log struct {
	Protocol    schedule.Protocol
	Preparation string
	Sessions    int
	Zone        *time.Location
	Safety      Safety
	Events      []Event
}

type logJSON struct {
	Version     int               `json:"version"`
	Protocol    schedule.Protocol `json:"protocol"`
	Preparation string            `json:"preparation"`
	Sessions    int               `json:"sessions"`
	Zone        *string           `json:"zone,omitempty"`
	Safety      *Safety           `json:"safety,omitempty"`
	Events      []json.RawMessage `json:"events"`
}

// MarshalJSON writes the log in its versioned JSON form, each event's
// instant in the log's zone. A log without a zone is a *FieldError.
func (l Log) MarshalJSON() ([]byte, error) {
	if err := checkZone(l.Zone); err != nil {
		return nil, err
	}
	zone, safety := l.Zone.String(), l.Safety.orDefault()
	doc := logJSON{Version: LogVersion, Protocol: l.Protocol, Preparation: l.Preparation, Sessions: l.Sessions,
		Zone: &zone, Safety: &safety, Events: make([]json.RawMessage, 0, len(l.Events))}
	for i, e := range l.Events {
		if noEvent(e) {
			return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: ErrMissing}
		}
		e, known := inZone(e, e.When().In(l.Zone))
		if !known {
			return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]", Value: fmt.Sprintf("%T", e), Err: fmt.Errorf("%w event type", ErrUnknown)}
		}
		data, err := json.Marshal(e)
		if err != nil {
			return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
		}
		kind, err := e.Kind().MarshalText()
		if err != nil {
			return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: err}
		}
		// {"type":"…", then the event's own fields.
		obj := append([]byte(`{"type":"`), kind...)
		obj = append(obj, '"')
		if len(data) > 2 {
			obj = append(obj, ',')
		}
		doc.Events = append(doc.Events, append(obj, data[1:]...))
	}
	return strictjson.Marshal(doc)
}

// UnmarshalJSON reads a log in its versioned JSON form, strictly (see
// DecodeLog). On error l is unchanged.
func (l *Log) UnmarshalJSON(data []byte) error {
	if len(data) > MaxLogBytes {
		return &FieldError{Field: "log", Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxLogBytes)}
	}
	var doc logJSON
	if err := decodeStrict(data, &doc, ""); err != nil {
		return err
	}
	out := Log{Protocol: doc.Protocol, Preparation: doc.Preparation, Sessions: doc.Sessions}
	switch doc.Version {
	case 1:
		if doc.Zone != nil {
			return &FieldError{Field: "zone", Err: fmt.Errorf("%w field in a version 1 log", ErrUnknown)}
		}
		if doc.Safety != nil {
			return &FieldError{Field: "safety", Err: fmt.Errorf("%w field in a version 1 log", ErrUnknown)}
		}
	case LogVersion:
		if doc.Zone == nil {
			return &FieldError{Field: "zone", Err: fmt.Errorf("%w: the clinic's IANA time zone", ErrMissing)}
		}
		zone, err := time.LoadLocation(*doc.Zone)
		if err != nil || *doc.Zone == "" || *doc.Zone == "Local" {
			return &FieldError{Field: "zone", Value: *doc.Zone, Err: fmt.Errorf("%w: not an IANA time zone", ErrUnknown)}
		}
		out.Zone = zone
		if doc.Safety == nil {
			return &FieldError{Field: "safety", Err: ErrMissing}
		}
		if doc.Safety.TestLeadDays == 0 { // the zero Safety is the default in Go, not in a log
			return &FieldError{Field: "safety.test_lead_days", Value: "0", Err: fmt.Errorf("%w: want 1 to %d", ErrInvalid, MaxSafetyDays)}
		}
		if err := doc.Safety.Validate(); err != nil {
			return err
		}
		out.Safety = *doc.Safety
	default:
		return &FieldError{Field: "version", Value: strconv.Itoa(doc.Version), Err: fmt.Errorf("%w: this package reads versions 1 and %d", ErrUnknown, LogVersion)}
	}
	if len(doc.Events) > MaxEvents {
		return &FieldError{Field: "events", Value: strconv.Itoa(len(doc.Events)), Err: fmt.Errorf("%w: at most %d events", ErrTooLarge, MaxEvents)}
	}
	if err := doc.Protocol.Validate(); err != nil {
		return err
	}
	for i, raw := range doc.Events {
		e, err := decodeEvent(raw, "events["+strconv.Itoa(i)+"]")
		if err != nil {
			return err
		}
		if out.Zone != nil && !e.When().IsZero() {
			// What the log could not write again in its zone, it does not read.
			if err := representable(e.When().In(out.Zone)); err != nil {
				var fe *FieldError
				if errors.As(err, &fe) {
					fe.Field = "events[" + strconv.Itoa(i) + "].at"
				}
				return err
			}
		}
		out.Events = append(out.Events, e)
	}
	*l = out
	return nil
}

// DecodeLog reads a log in its versioned JSON form from r. It is strict: an
// unknown field or event type, a key given twice, a version other than
// LogVersion, an invalid protocol, more than MaxEvents events or MaxLogBytes
// bytes is a *FieldError naming where. Whether the events make a course is
// Replay's to say.
func DecodeLog(r io.Reader) (Log, error) {
	data, err := strictjson.ReadAll(r, MaxLogBytes)
	if err != nil {
		return Log{}, &FieldError{Field: "log", Err: fmt.Errorf("%w: %v", ErrTooLarge, err)}
	}
	var l Log
	if err := l.UnmarshalJSON(data); err != nil {
		return Log{}, err
	}
	return l, nil
}

// decodeStrict decodes data into v with strictjson, naming a failure's place
// under path.
func decodeStrict(data []byte, v any, path string) error {
	return named(strictjson.Decode(data, v), path)
}

// named turns a strictjson error into a *FieldError at path.
func named(err error, path string) error {
	if err == nil {
		return nil
	}
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return &FieldError{Field: cmp.Or(path, "log"), Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
	}
	field := path
	switch {
	case se.Path != "" && path == "":
		field = se.Path
	case se.Path != "":
		field = path + "." + se.Path
	case path == "":
		field = "log"
	}
	var fe *FieldError
	if errors.As(se.Err, &fe) { // a value's own UnmarshalText said what was wrong
		named := *fe
		switch {
		case strings.HasPrefix(fe.Field, se.Path):
			// a value of course names its own key
			if path != "" {
				named.Field = path + "." + fe.Field
			}
		case field != "log":
			// a value of another package (a screening result) names the
			// place inside itself
			named.Field = field + "." + fe.Field
		}
		return &named
	}
	// Reason keeps the sentinel of a value's own error (an unknown severity
	// wraps ErrUnknown) as well as ErrInvalid.
	return &FieldError{Field: field, Err: strictjson.Reason(se.Err)}
}

// eventDecoders decodes each kind of event from its JSON object, "type"
// removed.
var eventDecoders = [numEventKinds]func(data []byte, path string) (Event, error){
	KindScreened:            decodeAs[Screened],
	KindTestInjection:       decodeAs[TestInjection],
	KindSessionPerformed:    decodeAs[SessionPerformed],
	KindSessionMissed:       decodeAs[SessionMissed],
	KindHold:                decodeAs[Hold],
	KindResume:              decodeAs[Resume],
	KindAdverseEvent:        decodeAs[AdverseEvent],
	KindReview:              decodeAs[Review],
	KindPreparationChanged:  decodeAs[PreparationChanged],
	KindMainCourseCompleted: decodeAs[MainCourseCompleted],
	KindMaintenanceStarted:  decodeAs[MaintenanceStarted],
	KindClosed:              decodeAs[Close],
	KindCancelled:           decodeAs[Cancel],
	KindObservation:         decodeAs[Observation],
}

func decodeAs[E Event](data []byte, path string) (Event, error) {
	var e E
	if err := decodeStrict(data, &e, path); err != nil {
		return nil, err
	}
	return e, nil
}

// decodeEvent reads one event object: its "type", then its fields.
func decodeEvent(raw []byte, path string) (Event, error) {
	var fields map[string]json.RawMessage
	if err := decodeStrict(raw, &fields, path); err != nil {
		return nil, err
	}
	for k := range fields {
		if k != "type" && strings.EqualFold(k, "type") {
			return nil, &FieldError{Field: path + "." + k, Err: fmt.Errorf("%w field: %v: %q would be read as %q; keys are matched exactly", ErrUnknown, strictjson.ErrFoldedKey, k, "type")}
		}
	}
	typ, ok := fields["type"]
	if !ok {
		return nil, &FieldError{Field: path + ".type", Err: ErrMissing}
	}
	var kind EventKind
	var name string
	if err := strictjson.Decode(typ, &name); err != nil {
		return nil, &FieldError{Field: path + ".type", Value: string(typ), Err: fmt.Errorf("%w: want a string", ErrInvalid)}
	}
	if err := kind.UnmarshalText([]byte(name)); err != nil {
		return nil, &FieldError{Field: path + ".type", Value: name, Err: eventKindText.Mismatch()}
	}
	delete(fields, "type")
	rest, err := json.Marshal(fields)
	if err != nil {
		return nil, &FieldError{Field: path, Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
	}
	return eventDecoders[kind](rest, path)
}

// ReplayError is a log that does not replay: the index of the first event
// Apply refused, and why.
type ReplayError struct {
	Index int
	Err   error // a *TransitionError
}

// Error names the event and says why it was refused.
func (e *ReplayError) Error() string {
	var te *TransitionError
	if errors.As(e.Err, &te) {
		return fmt.Sprintf("course: events[%d]: %s refused in state %s (%s): %v", e.Index, te.Event, te.State, te.Rule, te.Err)
	}
	return fmt.Sprintf("course: events[%d]: %v", e.Index, e.Err)
}

// Unwrap returns why the event was refused.
func (e *ReplayError) Unwrap() error { return e.Err }

// Replay rebuilds a course from its log: NewCourse with the log's protocol,
// preparation, sessions and zone, WithSafety with its safety policy, then
// Apply for each event in order. The same log always gives the same course.
// A log whose course cannot be made is the *FieldError NewCourse returns (a
// nil Zone, as a version 1 log reads, is one: set it to the clinic's zone);
// one with an event Apply refuses is a *ReplayError naming it.
func Replay(l Log) (Course, error) {
	c, err := NewCourse(l.Protocol, l.Preparation, l.Sessions, l.Zone)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && fe.Field == "zone" && l.Zone == nil {
			err = &FieldError{Field: "zone", Err: fmt.Errorf("%w: the log names no zone (a version 1 log); set Log.Zone to the clinic's", ErrMissing)}
		}
		return Course{}, err
	}
	if c, err = c.WithSafety(l.Safety); err != nil {
		return Course{}, err
	}
	if len(l.Events) > MaxEvents {
		return Course{}, &FieldError{Field: "events", Value: strconv.Itoa(len(l.Events)), Err: fmt.Errorf("%w: at most %d events", ErrTooLarge, MaxEvents)}
	}
	for i, e := range l.Events {
		if c, err = Apply(c, e); err != nil {
			return Course{}, &ReplayError{Index: i, Err: err}
		}
	}
	return c, nil
}
