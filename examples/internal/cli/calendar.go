package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
)

// MaxRepeats is how many times a repeatable flag (-holiday, -unavailable)
// may be given.
const MaxRepeats = 1000

// DateFlag is a flag value holding one date written YYYY-MM-DD; Date is
// zero until the flag is given.
type DateFlag struct{ Date meso.Date }

func (f *DateFlag) String() string {
	if f == nil {
		return ""
	}
	return f.Date.String()
}

// Set reads a date written YYYY-MM-DD.
func (f *DateFlag) Set(s string) error {
	d, err := meso.ParseDate(s)
	if err != nil {
		return err
	}
	f.Date = d
	return nil
}

// DatesFlag is a flag value that each use adds a date to, as in
// -holiday 2027-12-24 -holiday 2027-12-25.
type DatesFlag struct{ Dates []meso.Date }

func (f *DatesFlag) String() string {
	if f == nil {
		return ""
	}
	s := make([]string, len(f.Dates))
	for i, d := range f.Dates {
		s[i] = d.String()
	}
	return strings.Join(s, ",")
}

// Set adds a date written YYYY-MM-DD.
func (f *DatesFlag) Set(s string) error {
	if len(f.Dates) >= MaxRepeats {
		return fmt.Errorf("given more than %d times", MaxRepeats)
	}
	d, err := meso.ParseDate(s)
	if err != nil {
		return err
	}
	f.Dates = append(f.Dates, d)
	return nil
}

// RangesFlag is a flag value that each use adds a range of dates to,
// written FROM..TO (both included) or as a single date, as in
// -unavailable 2027-08-02..2027-08-20.
type RangesFlag struct{ Ranges []meso.DateRange }

func (f *RangesFlag) String() string {
	if f == nil {
		return ""
	}
	s := make([]string, len(f.Ranges))
	for i, r := range f.Ranges {
		s[i] = r.String()
	}
	return strings.Join(s, ",")
}

// Set adds a range written FROM..TO or a single YYYY-MM-DD.
func (f *RangesFlag) Set(s string) error {
	if len(f.Ranges) >= MaxRepeats {
		return fmt.Errorf("given more than %d times", MaxRepeats)
	}
	r, err := meso.ParseDateRange(s)
	if err != nil {
		return err
	}
	f.Ranges = append(f.Ranges, r)
	return nil
}

// WeekdaysFlag is a flag value holding a set of weekdays written as
// three-letter names joined by commas, as in sat,sun; the empty string is
// no day.
type WeekdaysFlag struct{ Days clinic.Weekdays }

func (f *WeekdaysFlag) String() string {
	if f == nil {
		return ""
	}
	return f.Days.String()
}

// Set reads a list of weekdays.
func (f *WeekdaysFlag) Set(s string) error {
	w, err := clinic.ParseWeekdays(s)
	if err != nil {
		return err
	}
	f.Days = w
	return nil
}

// ClockFlag is a flag value holding a time of day written HH:MM, 00:00 to
// 23:59.
type ClockFlag struct{ Hour, Minute int }

func (f *ClockFlag) String() string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", f.Hour, f.Minute)
}

// Set reads a time of day written HH:MM.
func (f *ClockFlag) Set(s string) error {
	h, m, err := ParseClock(s)
	if err != nil {
		return err
	}
	f.Hour, f.Minute = h, m
	return nil
}

// ParseClock reads a time of day written HH:MM with two digits each, 00:00
// to 23:59, and nothing else.
func ParseClock(s string) (hour, minute int, err error) {
	bad := fmt.Errorf("%s: want a time of day written HH:MM, 00:00 to 23:59", strconv.Quote(s))
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, bad
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, bad
		}
	}
	hour, minute = int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	if hour > 23 || minute > 59 {
		return 0, 0, bad
	}
	return hour, minute, nil
}

// ZoneFlag is a flag value holding a location of the IANA time zone
// database, as in Europe/Berlin.
type ZoneFlag struct{ Loc *time.Location }

func (f *ZoneFlag) String() string {
	if f == nil || f.Loc == nil {
		return ""
	}
	return f.Loc.String()
}

// Set reads a zone name.
func (f *ZoneFlag) Set(s string) error {
	loc, err := ParseZone(s)
	if err != nil {
		return err
	}
	f.Loc = loc
	return nil
}

// ParseZone returns the location of the IANA time zone database named s,
// such as UTC or America/New_York. "Local", which means whatever the machine
// is set to, and the empty name are refused: a plan names its zone.
func ParseZone(s string) (*time.Location, error) {
	if s == "" || s == "Local" || len(s) > 64 {
		return nil, fmt.Errorf("%s: want a zone of the IANA database, such as Europe/Berlin", strconv.Quote(s))
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("%s: not a zone of the IANA database, such as Europe/Berlin", strconv.Quote(s))
	}
	return loc, nil
}
