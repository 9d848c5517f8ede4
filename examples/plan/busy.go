package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/examples/internal/cli"
)

// The clinic's working day when -busy is given: the example's own choice,
// for the demonstration; a clinic's program gives its diary instead.
const (
	dayOpens = 8  // 08:00
	dayShuts = 18 // 18:00
)

// busy is one -busy value: a date and a span of local time on it, in
// minutes from midnight.
type busy struct {
	day      meso.Date
	from, to int
}

// busyFlag is the repeatable -busy flag: YYYY-MM-DDTHH:MM..HH:MM.
type busyFlag struct{ list []busy }

func (f *busyFlag) String() string {
	if f == nil {
		return ""
	}
	s := make([]string, len(f.list))
	for i, b := range f.list {
		s[i] = fmt.Sprintf("%sT%02d:%02d..%02d:%02d", b.day, b.from/60, b.from%60, b.to/60, b.to%60)
	}
	return strings.Join(s, ",")
}

// Set adds a busy span written YYYY-MM-DDTHH:MM..HH:MM, the end after the
// start on the same day.
func (f *busyFlag) Set(s string) error {
	if len(f.list) >= cli.MaxRepeats {
		return fmt.Errorf("given more than %d times", cli.MaxRepeats)
	}
	date, span, ok := strings.Cut(s, "T")
	from, to, ok2 := strings.Cut(span, "..")
	if !ok || !ok2 {
		return fmt.Errorf("want YYYY-MM-DDTHH:MM..HH:MM")
	}
	d, err := meso.ParseDate(date)
	if err != nil {
		return err
	}
	a, err := clock(from)
	if err != nil {
		return err
	}
	b, err := clock(to)
	if err != nil {
		return err
	}
	if b <= a {
		return fmt.Errorf("ends at %s, not after its start %s", to, from)
	}
	f.list = append(f.list, busy{d, a, b})
	return nil
}

// clock reads HH:MM as minutes from midnight.
func clock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, fmt.Errorf("time %q: want HH:MM, 00:00 to 23:59", s)
	}
	return hh*60 + mm, nil
}

// diary is the clinic's free time: the working day less the busy spans.
type diary struct {
	loc  *time.Location
	busy []busy
}

// FreeOn returns the working day of d less its busy spans.
func (y diary) FreeOn(d meso.Date) clinic.FreeDay {
	at := func(min int) time.Time { return d.At(min/60, min%60, y.loc) }
	var spans []busy
	for _, b := range y.busy {
		if b.day == d {
			spans = append(spans, b)
		}
	}
	var free []clinic.FreeTime
	t := dayOpens * 60
	for t < dayShuts*60 {
		// The first busy span that covers t, or the next one to start.
		next := dayShuts * 60
		moved := false
		for _, b := range spans {
			switch {
			case b.from <= t && b.to > t:
				t, moved = b.to, true
			case b.from > t && b.from < next:
				next = b.from
			}
		}
		if moved {
			continue
		}
		free = append(free, clinic.FreeTime{From: at(t), Until: at(next)})
		t = next
		for _, b := range spans {
			if b.from == t && b.to > t {
				t = b.to
			}
		}
	}
	f, err := clinic.NewFreeDay(free...)
	if err != nil { // the intervals above are in order and do not overlap
		panic(err)
	}
	return f
}
