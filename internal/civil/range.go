package civil

import "fmt"

// Range is an inclusive run of days, From through To: a menstruation, a
// patient's holiday, a hold on a course. A one-day range has From == To.
type Range struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Check reports whether r is a range: both ends are dates and To is not before
// From.
func (r Range) Check() error {
	switch {
	case r.From.IsZero():
		return fmt.Errorf("from: missing date")
	case r.To.IsZero():
		return fmt.Errorf("to: missing date")
	case r.To.Before(r.From):
		return fmt.Errorf("to %s is before from %s", r.To, r.From)
	}
	return nil
}

// Contains reports whether d is one of the days of r.
func (r Range) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(r.From) && !d.After(r.To)
}

// Days returns the number of days in r, counting both ends; 0 when r is not a
// range.
func (r Range) Days() int {
	if r.Check() != nil {
		return 0
	}
	return r.To.Sub(r.From) + 1
}

// String returns r written FROM..TO, as in 2027-01-08..2027-01-12.
func (r Range) String() string { return r.From.String() + ".." + r.To.String() }

// ParseRange reads a range written FROM..TO (both YYYY-MM-DD, TO not before
// FROM), or a single YYYY-MM-DD for a one-day range.
func ParseRange(s string) (Range, error) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == '.' {
			from, err := Parse(s[:i])
			if err != nil {
				return Range{}, fmt.Errorf("from: %w", err)
			}
			to, err := Parse(s[i+2:])
			if err != nil {
				return Range{}, fmt.Errorf("to: %w", err)
			}
			r := Range{From: from, To: to}
			if err := r.Check(); err != nil {
				return Range{}, err
			}
			return r, nil
		}
	}
	d, err := Parse(s)
	if err != nil {
		return Range{}, err
	}
	return Range{From: d, To: d}, nil
}
