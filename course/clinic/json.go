package clinic

import (
	"errors"
	"fmt"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/given"
	"github.com/mesokit/meso/internal/strictjson"
)

// MaxCalendarBytes is the largest JSON form of a Calendar UnmarshalJSON
// reads.
const MaxCalendarBytes = 1 << 20

// calendarJSON is a calendar as its settings: what NewCalendar, WithHolidays
// and WithUnavailable take.
type calendarJSON struct {
	Location    string           `json:"location"`
	Hour        int              `json:"hour"`
	Minute      int              `json:"minute"`
	Closed      Weekdays         `json:"closed"`
	Holidays    []meso.Date      `json:"holidays"`
	Unavailable []meso.DateRange `json:"unavailable"`
}

// MarshalJSON writes c as the settings it was made from, as in
// {"location": "Europe/Berlin", "hour": 10, "minute": 0, "closed": "sat,sun",
// "holidays": ["2027-04-05"], "unavailable": [{"from": "2027-03-08", "to":
// "2027-03-12"}]}. The location is written by its IANA name. It refuses,
// with an error saying what to save instead: the zero Calendar (no
// calendar at all), a calendar with free times (WithFreeTimes: the host's
// diary, a FreeTimes, has no JSON form; save the calendar without them and
// add them again after loading), and one whose location has no name that
// time.LoadLocation reads back as the same zone ("Local", a FixedZone).
func (c Calendar) MarshalJSON() ([]byte, error) {
	switch {
	case c.loc == nil:
		return nil, &meso.FieldError{Field: "location", Err: fmt.Errorf("%w: the zero Calendar is no calendar; NewCalendar makes one", meso.ErrMissing)}
	case c.free != nil:
		return nil, fmt.Errorf("a Calendar with free times does not marshal to JSON (its FreeTimes is the host's diary); marshal it before WithFreeTimes and add them after loading: %w", errors.ErrUnsupported)
	}
	if !given.LoadableZone(c.loc) {
		return nil, &meso.FieldError{Field: "location", Value: c.loc.String(),
			Err: fmt.Errorf("%w: not an IANA zone name that time.LoadLocation reads back as this zone on every machine", meso.ErrInvalid)}
	}
	return strictjson.Marshal(calendarJSON{Location: c.loc.String(), Hour: c.hour, Minute: c.minute, Closed: c.closed,
		Holidays: nonNilDates(c.holidays), Unavailable: nonNilRanges(c.unavailable)})
}

func nonNilDates(s []meso.Date) []meso.Date {
	if s == nil {
		return []meso.Date{}
	}
	return s
}

func nonNilRanges(s []meso.DateRange) []meso.DateRange {
	if s == nil {
		return []meso.DateRange{}
	}
	return s
}

// UnmarshalJSON reads a calendar in the form MarshalJSON writes, strictly,
// and makes it with NewCalendar, WithHolidays and WithUnavailable, which
// check it: an unknown location, an hour out of range, a clinic closed every
// day, a zero holiday or a reversed range is a *meso.FieldError naming the
// field. On error c is left as it was.
func (c *Calendar) UnmarshalJSON(data []byte) error {
	if len(data) > MaxCalendarBytes {
		return &meso.FieldError{Field: "calendar", Err: fmt.Errorf("%w: more than %d bytes", meso.ErrTooLarge, MaxCalendarBytes)}
	}
	var doc calendarJSON
	if err := strictjson.DecodeField(data, &doc, "calendar"); err != nil {
		return err
	}
	if doc.Location == "" {
		return &meso.FieldError{Field: "location", Err: fmt.Errorf("%w: name an IANA zone, such as Europe/Berlin or UTC", meso.ErrMissing)}
	}
	if doc.Location == "Local" {
		return &meso.FieldError{Field: "location", Value: doc.Location, Err: fmt.Errorf("%w: Local is each machine's own zone; name an IANA zone", meso.ErrInvalid)}
	}
	if !given.PortableZoneName(doc.Location) {
		return &meso.FieldError{Field: "location", Value: doc.Location, Err: fmt.Errorf("%w: not a name that every machine reads as the same zone; name an IANA zone, such as Europe/Berlin", meso.ErrInvalid)}
	}
	loc, err := time.LoadLocation(doc.Location)
	if err != nil {
		return &meso.FieldError{Field: "location", Value: doc.Location, Err: fmt.Errorf("%w: %v", meso.ErrUnknown, err)}
	}
	got, err := NewCalendar(loc, doc.Hour, doc.Minute, doc.Closed)
	if err != nil {
		return err
	}
	if len(doc.Holidays) > 0 {
		if got, err = got.WithHolidays(doc.Holidays...); err != nil {
			return err
		}
	}
	if len(doc.Unavailable) > 0 {
		if got, err = got.WithUnavailable(doc.Unavailable...); err != nil {
			return err
		}
	}
	*c = got
	return nil
}

// MarshalJSON refuses, with an error wrapping errors.ErrUnsupported: a
// ZoneHint is a cache of Calendar.Start's, not a record, and encoding/json
// would write it as {}. Start a new one (the zero ZoneHint) after loading.
func (z ZoneHint) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a ZoneHint does not marshal to JSON (it is a cache of Calendar.Start's); start from the zero ZoneHint: %w", errors.ErrUnsupported)
}

// MarshalJSON writes f as its intervals in order, as in [{"from":
// "2027-03-01T09:00:00+01:00", "until": "2027-03-01T12:00:00+01:00"}]; the
// zero FreeDay is [].
func (f FreeDay) MarshalJSON() ([]byte, error) {
	if f.free == nil {
		return []byte("[]"), nil
	}
	return strictjson.Marshal(f.free)
}

// UnmarshalJSON reads a free day in the form MarshalJSON writes, strictly,
// and makes it with NewFreeDay, which checks it: an interval without both
// ends, one whose until is not after its from, two that overlap or more than
// MaxFreeTimes are a *meso.FieldError. On error f is left as it was.
func (f *FreeDay) UnmarshalJSON(data []byte) error {
	var free []FreeTime
	if err := strictjson.DecodeField(data, &free, "free"); err != nil {
		return err
	}
	got, err := NewFreeDay(free...)
	if err != nil {
		return err
	}
	*f = got
	return nil
}
