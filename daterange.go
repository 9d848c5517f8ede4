package meso

import "fmt"

// DateRange is an inclusive run of days, From through To: a menstruation, a
// patient's holiday, a hold on a course. A one-day range has From == To.
type DateRange struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// Check reports whether r is a range: both ends are dates (else an error
// wrapping ErrMissing) and To is not before From (else ErrInvalid).
func (r DateRange) Check() error {
	switch {
	case r.From.IsZero():
		return fmt.Errorf("from: %w date", ErrMissing)
	case r.To.IsZero():
		return fmt.Errorf("to: %w date", ErrMissing)
	case r.To.Before(r.From):
		return &reason{msg: fmt.Sprintf("to %s is before from %s", r.To, r.From), rule: "to not before from", err: ErrInvalid}
	}
	return nil
}

// Contains reports whether d is one of the days of r.
func (r DateRange) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(r.From) && !d.After(r.To)
}

// Days returns the number of days in r, counting both ends; 0 when r is not a
// range.
func (r DateRange) Days() int {
	if r.Check() != nil {
		return 0
	}
	return r.To.Sub(r.From) + 1
}

// String returns r written FROM..TO, as in 2027-01-08..2027-01-12.
func (r DateRange) String() string { return r.From.String() + ".." + r.To.String() }

// ParseDateRange reads a range written FROM..TO (both YYYY-MM-DD, TO not before
// FROM), or a single YYYY-MM-DD for a one-day range.
func ParseDateRange(s string) (DateRange, error) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == '.' {
			from, err := ParseDate(s[:i])
			if err != nil {
				return DateRange{}, fmt.Errorf("from: %w", err)
			}
			to, err := ParseDate(s[i+2:])
			if err != nil {
				return DateRange{}, fmt.Errorf("to: %w", err)
			}
			r := DateRange{From: from, To: to}
			if err := r.Check(); err != nil {
				return DateRange{}, err
			}
			return r, nil
		}
	}
	d, err := ParseDate(s)
	if err != nil {
		return DateRange{}, err
	}
	return DateRange{From: d, To: d}, nil
}
