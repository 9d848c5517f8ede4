package event

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/internal/fault"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/given"
	"github.com/mesokit/meso/internal/strictjson"
)

// Limits on a course's log, so that no log can make the library allocate
// without bound.
const (
	MaxEvents   = 10000   // events in one course's log (course.Apply takes no more)
	MaxLogBytes = 8 << 20 // the JSON form of one log
)

// LogVersion is the version of the log's JSON form that this package writes.
// It also reads versions 1 and 2 (see Log).
const LogVersion = 3

// Log is what a clinic keeps of a course: the protocol, preparation, planned
// number of sessions, clinic's zone and safety policy it was made with (see
// course.NewCourse and course.Course.WithSafety), and every event applied to
// it, in order. course.Replay rebuilds the course from it; course.Course.Log
// returns it.
//
// Its JSON form is versioned and strict:
//
//	{"version": 3, "protocol": {…}, "preparation": "…", "sessions": 11,
//	 "zone": "Europe/Berlin",
//	 "safety": {"screening_valid_days": 0, "test_lead_days": 1},
//	 "events": [{"kind": "screened", "at": "2027-01-04T09:00:00+01:00", "result": {…}},
//	            {"kind": "adverse-event", "at": "…", "complication": "bruising", "grade": "mild"},
//	            {"kind": "observation", "at": "…", "observed": "shedding"}, …]}
//
// Each event is an object with its "kind" (a Kind, as Event.Kind
// returns) and the fields of its Go type, each under its Go name in
// snake_case; times are RFC 3339, written in the zone (named by its IANA
// name).
//
// Logs of versions 1 and 2 read as they always did: an event's kind is its
// "type", an AdverseEvent's Complication its "kind" and its Grade its
// "severity", an Observation's Observed its "kind". A log of version 1,
// written before courses knew their zone, reads with a nil Zone and the zero
// Safety (DefaultSafety), every event as it was stored: set Zone to the
// clinic's zone before course.Replay, which refuses a nil one. Its events
// then replay under today's rules, so a session that an older version accepted
// without a screening on its day is refused, with the index of the event and
// the rule it breaks; nothing in the log is lost or changed. Its screening
// results carry no date, and a course refuses them (course.RuleInvalidEvent,
// "result.date"): such a course is continued in a new log. Whatever version
// a log was read from, MarshalJSON writes version 3.
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
// instant in the log's zone. A log without a zone is a *meso.FieldError.
func (l Log) MarshalJSON() ([]byte, error) {
	if _, err := fault.Zone(l.Zone); err != nil {
		return nil, err
	}
	zone, safety := l.Zone.String(), l.Safety.orDefault()
	doc := logJSON{Version: LogVersion, Protocol: l.Protocol, Preparation: l.Preparation, Sessions: l.Sessions,
		Zone: &zone, Safety: &safety, Events: make([]json.RawMessage, 0, len(l.Events))}
	for i, e := range l.Events {
		if fault.Nil(e) {
			return nil, &meso.FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: meso.ErrMissing}
		}
		e, known := inZone(e, e.When().In(l.Zone))
		if !known {
			return nil, &meso.FieldError{Field: "events[" + strconv.Itoa(i) + "]", Value: fmt.Sprintf("%T", e), Err: fmt.Errorf("%w event type", meso.ErrUnknown)}
		}
		data, err := json.Marshal(e)
		if err != nil {
			return nil, &meso.FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
		}
		kind, err := e.Kind().MarshalText()
		if err != nil {
			return nil, &meso.FieldError{Field: "events[" + strconv.Itoa(i) + "]", Err: err}
		}
		// {"kind":"…", then the event's own fields.
		obj := append([]byte(`{"kind":"`), kind...)
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
		return &meso.FieldError{Field: "log", Err: fmt.Errorf("%w: more than %d bytes", meso.ErrTooLarge, MaxLogBytes)}
	}
	var doc logJSON
	if err := decodeStrict(data, &doc, ""); err != nil {
		return err
	}
	out := Log{Protocol: doc.Protocol, Preparation: doc.Preparation, Sessions: doc.Sessions}
	switch doc.Version {
	case 1:
		if doc.Zone != nil {
			return &meso.FieldError{Field: "zone", Err: fmt.Errorf("%w field in a version 1 log", meso.ErrUnknown)}
		}
		if doc.Safety != nil {
			return &meso.FieldError{Field: "safety", Err: fmt.Errorf("%w field in a version 1 log", meso.ErrUnknown)}
		}
	case 2, LogVersion:
		if doc.Zone == nil {
			return &meso.FieldError{Field: "zone", Err: fmt.Errorf("%w: the clinic's IANA time zone", meso.ErrMissing)}
		}
		zone, err := time.LoadLocation(*doc.Zone)
		if err != nil || !given.PortableZoneName(*doc.Zone) {
			return &meso.FieldError{Field: "zone", Value: *doc.Zone, Err: fmt.Errorf("%w: not an IANA time zone", meso.ErrUnknown)}
		}
		out.Zone = zone
		if doc.Safety == nil {
			return &meso.FieldError{Field: "safety", Err: meso.ErrMissing}
		}
		if doc.Safety.TestLeadDays == 0 { // the zero Safety is the default in Go, not in a log
			return &meso.FieldError{Field: "safety.test_lead_days", Value: "0", Err: fmt.Errorf("%w: want 1 to %d", meso.ErrInvalid, MaxSafetyDays)}
		}
		if err := doc.Safety.Validate(); err != nil {
			return err
		}
		out.Safety = *doc.Safety
	default:
		return &meso.FieldError{Field: "version", Value: strconv.Itoa(doc.Version), Err: fmt.Errorf("%w: this package reads versions 1 to %d", meso.ErrUnknown, LogVersion)}
	}
	if len(doc.Events) > MaxEvents {
		return &meso.FieldError{Field: "events", Value: strconv.Itoa(len(doc.Events)), Err: fmt.Errorf("%w: at most %d events", meso.ErrTooLarge, MaxEvents)}
	}
	if err := doc.Protocol.Validate(); err != nil {
		return err
	}
	for i, raw := range doc.Events {
		e, err := decodeEvent(raw, "events["+strconv.Itoa(i)+"]", doc.Version)
		if err != nil {
			return err
		}
		if out.Zone != nil && !e.When().IsZero() {
			// What the log could not write again in its zone, it does not read.
			if _, err := fault.Day(e.When().In(out.Zone)); err != nil {
				var fe *meso.FieldError
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
// unknown field or event type, a key given twice, a key in other letters
// ("Kind" for "kind"), a version other than 1 to LogVersion, an invalid
// protocol, more than MaxEvents events or MaxLogBytes
// bytes is a *meso.FieldError naming where. Whether the events make a course is
// course.Replay's to say.
func DecodeLog(r io.Reader) (Log, error) {
	data, err := strictjson.ReadAll(r, MaxLogBytes)
	if err != nil {
		return Log{}, &meso.FieldError{Field: "log", Err: fmt.Errorf("%w: %v", meso.ErrTooLarge, err)}
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
		return &meso.FieldError{Field: cmp.Or(path, "log"), Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
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
	var fe *meso.FieldError
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
	return &meso.FieldError{Field: field, Err: strictjson.Reason(se.Err)}
}

// eventDecoders decodes each kind of event from its JSON object, its kind
// removed.
var eventDecoders = [numKinds]func(data []byte, path string) (Event, error){
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

// adverseEventV2 is an AdverseEvent as logs of versions 1 and 2 write it:
// its complication under "kind", its grade under "severity".
type adverseEventV2 struct {
	At           time.Time    `json:"at"`
	Complication Complication `json:"kind"`
	Grade        Grade        `json:"severity"`
	Note         string       `json:"note,omitempty"`
}

// observationV2 is an Observation as logs of versions 1 and 2 write it:
// what it saw under "kind".
type observationV2 struct {
	At       time.Time `json:"at"`
	Observed Observed  `json:"kind"`
	Note     string    `json:"note,omitempty"`
}

// decodeV2 decodes the events whose fields had other names before version
// 3; the rest read as in version 3.
func decodeV2(kind Kind, data []byte, path string) (Event, error) {
	switch kind {
	case KindAdverseEvent:
		var e adverseEventV2
		if err := decodeStrict(data, &e, path); err != nil {
			return nil, err
		}
		return AdverseEvent(e), nil
	case KindObservation:
		var e observationV2
		if err := decodeStrict(data, &e, path); err != nil {
			return nil, err
		}
		return Observation(e), nil
	}
	return eventDecoders[kind](data, path)
}

func decodeAs[E Event](data []byte, path string) (Event, error) {
	var e E
	if err := decodeStrict(data, &e, path); err != nil {
		return nil, err
	}
	return e, nil
}

// decodeEvent reads one event object of a log of the given version: its
// kind ("kind" from version 3, "type" before), then its fields.
func decodeEvent(raw []byte, path string, version int) (Event, error) {
	var fields map[string]json.RawMessage
	if err := decodeStrict(raw, &fields, path); err != nil {
		return nil, err
	}
	key := "kind"
	if version < 3 {
		key = "type"
	}
	for k := range fields {
		if k != key && strings.EqualFold(k, key) {
			return nil, &meso.FieldError{Field: path + "." + k, Err: fmt.Errorf("%w field: %v: %q would be read as %q; keys are matched exactly", meso.ErrUnknown, strictjson.ErrFoldedKey, k, key)}
		}
	}
	typ, ok := fields[key]
	if !ok {
		return nil, &meso.FieldError{Field: path + "." + key, Err: meso.ErrMissing}
	}
	var kind Kind
	var name string
	if err := strictjson.Decode(typ, &name); err != nil {
		return nil, &meso.FieldError{Field: path + "." + key, Value: string(typ), Err: fmt.Errorf("%w: want a string", meso.ErrInvalid)}
	}
	if err := kind.UnmarshalText([]byte(name)); err != nil {
		return nil, &meso.FieldError{Field: path + "." + key, Value: name, Err: kindText.Mismatch()}
	}
	delete(fields, key)
	rest, err := json.Marshal(fields)
	if err != nil {
		return nil, &meso.FieldError{Field: path, Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
	}
	if version < 3 {
		return decodeV2(kind, rest, path)
	}
	return eventDecoders[kind](rest, path)
}

// Clone returns a copy of l that shares no memory with it (its protocol, its
// events, their screening results and maintenance protocols), each event's
// instant read in l.Zone when l has one: the same instant, as MarshalJSON
// writes it.
func (l Log) Clone() Log {
	l.Protocol = l.Protocol.Clone()
	if l.Events == nil {
		return l
	}
	events := make([]Event, len(l.Events))
	for i, e := range l.Events {
		if fault.Nil(e) {
			events[i] = e
			continue
		}
		if l.Zone != nil {
			e, _ = inZone(e, e.When().In(l.Zone))
		}
		switch e := e.(type) {
		case Screened:
			e.Result = e.Result.Clone()
			events[i] = e
		case MaintenanceStarted:
			if !e.monthly() {
				e.Protocol = e.Protocol.Clone()
			}
			events[i] = e
		default:
			events[i] = e
		}
	}
	l.Events = events
	return l
}

// inZone returns e with its instant at, the same instant read in the
// log's zone, so that the log writes every instant in the clinic's zone;
// false for a value that is none of the event types (a pointer to one),
// which course.Apply refuses and the log does not write.
func inZone(e Event, at time.Time) (Event, bool) {
	switch e := e.(type) {
	case Screened:
		e.At = at
		return e, true
	case TestInjection:
		e.At = at
		return e, true
	case SessionPerformed:
		e.At = at
		return e, true
	case SessionMissed:
		e.At = at
		return e, true
	case Hold:
		e.At = at
		return e, true
	case Resume:
		e.At = at
		return e, true
	case AdverseEvent:
		e.At = at
		return e, true
	case Review:
		e.At = at
		return e, true
	case PreparationChanged:
		e.At = at
		return e, true
	case MainCourseCompleted:
		e.At = at
		return e, true
	case MaintenanceStarted:
		e.At = at
		return e, true
	case Close:
		e.At = at
		return e, true
	case Cancel:
		e.At = at
		return e, true
	case Observation:
		e.At = at
		return e, true
	}
	return e, false
}
