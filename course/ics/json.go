package ics

import (
	"fmt"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/internal/given"
	"github.com/mesokit/meso/internal/strictjson"
)

// MaxOptionsBytes is the largest JSON form of Options that UnmarshalJSON
// reads.
const MaxOptionsBytes = 1 << 20

// optionsJSON is Options as JSON writes them: the zone by its IANA name,
// durations as time.Duration.String writes them, what is not set left out.
type optionsJSON struct {
	UIDDomain     string            `json:"uid_domain"`
	Course        string            `json:"course"`
	Stamp         time.Time         `json:"stamp"`
	Zone          string            `json:"zone,omitempty"`
	Length        string            `json:"length,omitempty"`
	Title         string            `json:"title,omitempty"`
	Place         string            `json:"place,omitempty"`
	Note          string            `json:"note,omitempty"`
	Reminder      string            `json:"reminder,omitempty"`
	Aftercare     *aftercare.Policy `json:"aftercare,omitempty"`
	TestInjection time.Time         `json:"test_injection,omitzero"`
	Previous      *Previous         `json:"previous,omitempty"`
}

// MarshalJSON writes o as in {"uid_domain": "calendar.clinic.example",
// "course": "c-17", "stamp": "2027-02-20T09:00:00Z", "zone": "Europe/Berlin",
// "length": "45m0s", "reminder": "24h0m0s", "aftercare": {…}, …}: the zone by
// its IANA name, durations as time.Duration.String writes them, the
// aftercare policy in its own form, and what is not set left out. Options
// Write would refuse are refused with the same *meso.FieldError, and so is a
// zone with no name that time.LoadLocation reads back as the same zone
// ("Local", a FixedZone).
func (o Options) MarshalJSON() ([]byte, error) {
	if err := checkICSOptions(&o); err != nil {
		return nil, err
	}
	if o.Previous != nil {
		if err := checkPrevious("previous.", o.Previous); err != nil {
			return nil, err
		}
	}
	doc := optionsJSON{UIDDomain: o.UIDDomain, Course: o.Course, Stamp: o.Stamp, Title: o.Title, Place: o.Place, Note: o.Note,
		Aftercare: o.Aftercare, TestInjection: o.TestInjection, Previous: o.Previous}
	if o.Zone != nil {
		if !given.LoadableZone(o.Zone) {
			return nil, icsField("zone", o.Zone.String(), fmt.Errorf("%w: not an IANA zone name that time.LoadLocation reads back as this zone on every machine", meso.ErrInvalid))
		}
		doc.Zone = o.Zone.String()
	}
	if o.Length != 0 {
		doc.Length = o.Length.String()
	}
	if o.Reminder != 0 {
		doc.Reminder = o.Reminder.String()
	}
	return strictjson.Marshal(doc)
}

// UnmarshalJSON reads options in the form MarshalJSON writes, strictly, and
// checks them as Write does: an unknown zone, a malformed duration, or an
// option out of its bounds is a *meso.FieldError naming it. On error o is
// left as it was.
func (o *Options) UnmarshalJSON(data []byte) error {
	if len(data) > MaxOptionsBytes {
		return icsField("options", "", fmt.Errorf("%w: more than %d bytes", meso.ErrTooLarge, MaxOptionsBytes))
	}
	var doc optionsJSON
	if err := strictjson.DecodeField(data, &doc, "options"); err != nil {
		return err
	}
	got := Options{UIDDomain: doc.UIDDomain, Course: doc.Course, Stamp: doc.Stamp, Title: doc.Title, Place: doc.Place, Note: doc.Note,
		Aftercare: doc.Aftercare, TestInjection: doc.TestInjection, Previous: doc.Previous}
	if doc.Zone != "" {
		if doc.Zone == "Local" {
			return icsField("zone", doc.Zone, fmt.Errorf("%w: Local is each machine's own zone; name an IANA zone", meso.ErrInvalid))
		}
		if !given.PortableZoneName(doc.Zone) {
			return icsField("zone", doc.Zone, fmt.Errorf("%w: not a name that every machine reads as the same zone; name an IANA zone, such as Europe/Berlin", meso.ErrInvalid))
		}
		loc, err := time.LoadLocation(doc.Zone)
		if err != nil {
			return icsField("zone", doc.Zone, fmt.Errorf("%w: %v", meso.ErrUnknown, err))
		}
		got.Zone = loc
	}
	for _, d := range []struct {
		field, text string
		into        *time.Duration
	}{{"length", doc.Length, &got.Length}, {"reminder", doc.Reminder, &got.Reminder}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return icsField(d.field, d.text, fmt.Errorf("%w: want a duration such as 45m0s", meso.ErrInvalid))
		}
		*d.into = v
	}
	if err := checkICSOptions(&got); err != nil {
		return err
	}
	*o = got
	return nil
}

// UnmarshalJSON reads a previous plan in the form encoding/json writes it,
// {"appointments": […], "sequence": 2}, strictly, and checks it as Write
// does. On error p is left as it was.
func (p *Previous) UnmarshalJSON(data []byte) error {
	if len(data) > MaxOptionsBytes {
		return icsField("previous", "", fmt.Errorf("%w: more than %d bytes", meso.ErrTooLarge, MaxOptionsBytes))
	}
	type plain Previous // without this method
	var v plain
	if err := strictjson.DecodeField(data, &v, "previous"); err != nil {
		return err
	}
	got := Previous(v)
	if err := checkPrevious("", &got); err != nil {
		return err
	}
	*p = got
	return nil
}
