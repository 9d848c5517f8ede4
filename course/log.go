package course

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mesokit/meso/internal/strictjson"
)

// Limits on a course's life, so that no log can make the library allocate
// without bound.
const (
	MaxEvents     = 10000   // events in one course's log
	MaxInjections = 1000    // injections in one session (the sources state 30-40, S4, and 100-120, S2)
	MaxLogBytes   = 8 << 20 // the JSON form of one log
)

// LogVersion is the version of the log's JSON form that this package writes,
// and the only one it reads.
const LogVersion = 1

// Log is what a clinic keeps of a course: the protocol, preparation and
// planned number of sessions it was made with (see NewCourse), and every
// event applied to it, in order. Replay rebuilds the course from it.
//
// Its JSON form is versioned and strict:
//
//	{"version": 1, "protocol": {…}, "preparation": "…", "sessions": 11,
//	 "events": [{"type": "screened", "at": "2027-01-04T09:00:00+01:00", "result": {…}}, …]}
//
// Each event is an object with its "type" (an EventKind) and the fields of
// its Go type; times are RFC 3339 with an offset.
type Log struct {
	Protocol    Protocol
	Preparation string
	Sessions    int
	Events      []Event
}

type logJSON struct {
	Version     int               `json:"version"`
	Protocol    Protocol          `json:"protocol"`
	Preparation string            `json:"preparation"`
	Sessions    int               `json:"sessions"`
	Events      []json.RawMessage `json:"events"`
}

// MarshalJSON writes the log in its versioned JSON form.
func (l Log) MarshalJSON() ([]byte, error) {
	doc := logJSON{Version: LogVersion, Protocol: l.Protocol, Preparation: l.Preparation, Sessions: l.Sessions,
		Events: make([]json.RawMessage, 0, len(l.Events))}
	for i, e := range l.Events {
		if e == nil {
			return nil, &FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: ErrMissing}
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
	if doc.Version != LogVersion {
		return &FieldError{Field: "version", Value: strconv.Itoa(doc.Version), Err: fmt.Errorf("%w: this package reads version %d", ErrUnknown, LogVersion)}
	}
	if len(doc.Events) > MaxEvents {
		return &FieldError{Field: "events", Value: strconv.Itoa(len(doc.Events)), Err: fmt.Errorf("%w: at most %d events", ErrTooLarge, MaxEvents)}
	}
	if err := doc.Protocol.Validate(); err != nil {
		return err
	}
	out := Log{Protocol: doc.Protocol, Preparation: doc.Preparation, Sessions: doc.Sessions}
	for i, raw := range doc.Events {
		e, err := decodeEvent(raw, "events["+strconv.Itoa(i)+"]")
		if err != nil {
			return err
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

// decodePart decodes a part of a document that decodeStrict has checked
// whole, without walking its keys again.
func decodePart(data []byte, v any, path string) error {
	return named(strictjson.DecodeChecked(data, v), path)
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
		if path != "" {
			named.Field = path + "." + fe.Field
		}
		return &named
	}
	// Keep the sentinel of a value's own error (an unknown severity wraps
	// ErrUnknown) as well as ErrInvalid.
	why := fmt.Errorf("%w: %w", ErrInvalid, se.Err)
	switch {
	case errors.Is(se.Err, strictjson.ErrFoldedKey):
		why = fmt.Errorf("%w field: %v", ErrUnknown, se.Err)
	case errors.Is(se.Err, strictjson.ErrTooDeep):
		why = fmt.Errorf("%w: %v", ErrTooLarge, se.Err)
	case errors.Is(se.Err, strictjson.ErrUnknownField):
		why = fmt.Errorf("%w field", ErrUnknown)
	case errors.Is(se.Err, strictjson.ErrDuplicateKey):
		why = fmt.Errorf("%w: a key may appear once in an object", ErrDuplicate)
	}
	return &FieldError{Field: field, Err: why}
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
	if err := decodePart(data, &e, path); err != nil {
		return nil, err
	}
	return e, nil
}

// decodeEvent reads one event object: its "type", then its fields.
func decodeEvent(raw []byte, path string) (Event, error) {
	var fields map[string]json.RawMessage
	if err := decodePart(raw, &fields, path); err != nil {
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
		return fmt.Sprintf("course: events[%d]: %s refused in state %s: %v", e.Index, te.Event, te.State, te.Err)
	}
	return fmt.Sprintf("course: events[%d]: %v", e.Index, e.Err)
}

// Unwrap returns why the event was refused.
func (e *ReplayError) Unwrap() error { return e.Err }

// Replay rebuilds a course from its log: NewCourse with the log's protocol,
// preparation and sessions, then Apply for each event in order. The same log
// always gives the same course. A log whose course cannot be made is the
// *FieldError NewCourse returns; one with an event Apply refuses is a
// *ReplayError naming it.
func Replay(l Log) (Course, error) {
	c, err := NewCourse(l.Protocol, l.Preparation, l.Sessions)
	if err != nil {
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
