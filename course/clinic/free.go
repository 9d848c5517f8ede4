package clinic

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/mesokit/meso"
)

// DefaultSessionLength is how long a calendar with free times books for a
// session when its host program does not say. It is a policy default, not a
// stated value: the sources give a session 20-30 minutes (S4) or 30-45
// minutes (S2), and meso takes the longest, so that a free time booked holds
// any session the sources describe (it is ics.DefaultLength, for the same
// reason).
const DefaultSessionLength = 45 * time.Minute

// The limits on free times, so that no host program can make expansion
// allocate or loop without bound.
const (
	MaxFreeTimes     = 96             // free intervals on one day: one every quarter of an hour
	MaxSessionLength = 12 * time.Hour // the longest session length a calendar takes
)

// FreeTime is an interval in which the clinic is free to hold a session:
// from From (inclusive) until Until (exclusive).
type FreeTime struct {
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
}

// FreeDay is the clinic's free time on one date, as NewFreeDay checked it:
// intervals in order, none overlapping another. The zero FreeDay has no
// free time.
type FreeDay struct {
	free []FreeTime
}

// NewFreeDay returns the free time made of the given intervals, in any
// order. An interval with a zero end, or whose Until is not after its From,
// two that overlap, or more than MaxFreeTimes, is a *FieldError naming the
// index; nothing is merged or dropped.
func NewFreeDay(intervals ...FreeTime) (FreeDay, error) {
	if len(intervals) > MaxFreeTimes {
		return FreeDay{}, &meso.FieldError{Field: "free", Value: strconv.Itoa(len(intervals)),
			Err: fmt.Errorf("%w: at most %d intervals a day", meso.ErrTooLarge, MaxFreeTimes)}
	}
	for i, f := range intervals {
		field := "free[" + strconv.Itoa(i) + "]"
		switch {
		case f.From.IsZero() || f.Until.IsZero():
			return FreeDay{}, &meso.FieldError{Field: field, Err: fmt.Errorf("%w: an interval needs both ends", meso.ErrMissing)}
		case !f.Until.After(f.From):
			return FreeDay{}, &meso.FieldError{Field: field, Value: f.From.Format(time.RFC3339) + ".." + f.Until.Format(time.RFC3339),
				Err: fmt.Errorf("%w: until is not after from", meso.ErrInvalid)}
		}
	}
	idx := make([]int, len(intervals))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return intervals[a].From.Compare(intervals[b].From) })
	free := make([]FreeTime, len(intervals))
	for k, i := range idx {
		free[k] = intervals[i]
		if k > 0 && free[k-1].Until.After(free[k].From) {
			return FreeDay{}, &meso.FieldError{Field: "free[" + strconv.Itoa(i) + "]", Value: free[k].From.Format(time.RFC3339),
				Err: fmt.Errorf("%w: overlaps free[%d], until %s", meso.ErrInvalid, idx[k-1], free[k-1].Until.Format(time.RFC3339))}
		}
	}
	return FreeDay{free: free}, nil
}

// Intervals returns the free intervals in order.
func (f FreeDay) Intervals() []FreeTime { return slices.Clone(f.free) }

// FreeTimes is the clinic's diary as its host program keeps it: FreeOn
// returns the free time on date d, in the calendar's location. Only the
// parts of its intervals on d count: a session booked for d starts on d.
// Expansion calls FreeOn many times, for the dates it considers, and may do
// so from several goroutines when the host expands several courses at once:
// an implementation must be safe for concurrent use, and should be fast.
type FreeTimes interface {
	FreeOn(d meso.Date) FreeDay
}

// WithFreeTimes returns c booking each session in the clinic's free time,
// from free, for length (DefaultSessionLength when 0): at the calendar's
// time of day when the session fits in a free interval there, otherwise at
// the start nearest to it (the earlier on a tie) at which it fits. A day on
// which no free interval holds length is closed (NoFreeTime), and expansion
// plans around it. A nil free, a negative length or one over
// MaxSessionLength is a *FieldError; c itself is unchanged.
func (c Calendar) WithFreeTimes(free FreeTimes, length time.Duration) (Calendar, error) {
	switch {
	case free == nil:
		return c, &meso.FieldError{Field: "free", Err: fmt.Errorf("%w: no free times", meso.ErrMissing)}
	case length < 0 || length > MaxSessionLength:
		return c, &meso.FieldError{Field: "length", Value: length.String(), Err: fmt.Errorf("%w: want 0 (for %v) to %v", meso.ErrInvalid, DefaultSessionLength, MaxSessionLength)}
	case length == 0:
		length = DefaultSessionLength
	}
	c.free, c.length = free, length
	return c, nil
}

// FreeTimes returns the clinic's free times and the session length it
// books, or nil and 0 for a calendar without them.
func (c Calendar) FreeTimes() (FreeTimes, time.Duration) { return c.free, c.length }

// book returns the start nearest to pref at which a session of c.length
// fits in the free time on d, and false when none does.
func (c *Calendar) book(d meso.Date, pref time.Time) (time.Time, bool) {
	day := c.free.FreeOn(d)
	lo := d.At(0, 0, c.loc)
	hi := d.AddDays(1).At(0, 0, c.loc)
	var best time.Time
	var bestDist time.Duration = -1
	for _, f := range day.free {
		from, until := f.From, f.Until
		if from.Before(lo) {
			from = lo
		}
		if until.After(hi) {
			until = hi
		}
		last := until.Add(-c.length) // the latest start that fits
		if last.Before(from) {
			continue
		}
		t := pref
		switch {
		case t.Before(from):
			t = from
		case t.After(last):
			t = last
		}
		dist := t.Sub(pref)
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist < bestDist || dist == bestDist && t.Before(best) {
			best, bestDist = t, dist
		}
	}
	if bestDist < 0 {
		return time.Time{}, false
	}
	return best.In(c.loc), true
}
