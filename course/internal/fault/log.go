package fault

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/given"
)

// ID checks an id given in an event or a course, as CheckID does, naming
// its field: a *meso.FieldError.
func ID(field, id string) error {
	if err := CheckID(field, id); err != nil {
		return &meso.FieldError{Field: field, Value: id, Err: err}
	}
	return nil
}

// Text checks free text given in an event, as CheckText does with
// MaxTextLen, naming its field; optional text may be empty.
func Text(field, s string, required bool) error {
	if s == "" && !required {
		return nil
	}
	if err := CheckText(s, meso.MaxTextLen); err != nil {
		return &meso.FieldError{Field: field, Value: s, Err: err}
	}
	return nil
}

// ErrNotRepresentable is wrapped by the *meso.FieldError of an instant a
// course's log could not write back as it is (a year past 9999, an offset
// with seconds).
var ErrNotRepresentable = errors.New("an instant the log cannot write back")

// epochDay is the date of Unix time 0.
var epochDay, _ = meso.NewDate(1970, time.January, 1)

// Day returns the date of t in its location, checking that a log can write
// t as RFC 3339 and read it back the same: a year from 1 to 9999 and an
// offset in whole minutes. It looks the zone's offset up once, where
// time.Time.Year, Zone and Date look it up each.
func Day(t time.Time) (meso.Date, error) {
	_, off := t.Zone()
	days := t.Unix() + int64(off)
	if days < 0 {
		days -= 86400 - 1 // round towards the day before
	}
	day := epochDay.AddDays(int(days / 86400)) // zero outside years 1 to 9999
	if day.IsZero() {
		return meso.Date{}, &meso.FieldError{Field: "at", Value: t.Format(time.RFC3339), Err: fmt.Errorf("%w: year %d is outside 0001-9999", ErrNotRepresentable, t.Year())}
	}
	if off%60 != 0 {
		return meso.Date{}, &meso.FieldError{Field: "at", Value: t.String(), Err: fmt.Errorf("%w: the zone's offset then, %ds, is not in whole minutes", ErrNotRepresentable, off)}
	}
	return day, nil
}

// Zone returns the zone a log names zone by and reads back: time.UTC for
// "UTC", time.LoadLocation of its name for the rest. A course reads its
// days in it, not in zone's own rules, which a time.FixedZone or a zone of
// its own tzdata can give under an IANA name (+14:00 named Europe/Berlin):
// so Apply and Replay read every instant on the same day. A nil zone,
// time.Local or a zone without an IANA name is a *meso.FieldError.
func Zone(zone *time.Location) (*time.Location, error) {
	if zone == nil {
		return nil, &meso.FieldError{Field: "zone", Err: fmt.Errorf("%w: the clinic's *time.Location", meso.ErrMissing)}
	}
	name := zone.String()
	if name == "UTC" {
		return time.UTC, nil
	}
	if !given.PortableZoneName(name) {
		return nil, &meso.FieldError{Field: "zone", Value: name, Err: fmt.Errorf("%w: name the clinic's zone (time.LoadLocation), not the machine's", meso.ErrInvalid)}
	}
	loaded, err := time.LoadLocation(name)
	if err != nil {
		return nil, &meso.FieldError{Field: "zone", Value: name, Err: fmt.Errorf("%w: not an IANA zone a log can read back: %v", meso.ErrUnknown, err)}
	}
	return loaded, nil
}

// Nil reports whether v is nil, or a nil pointer, whose methods would
// panic: an event that is none.
func Nil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}
