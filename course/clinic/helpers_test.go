package clinic

import (
	"testing"
	"time"

	"github.com/mesokit/meso"
)

var zones = []string{
	"UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney",
	"America/Santiago", "Asia/Beirut", "America/Havana",
	"Australia/Adelaide", "Australia/Lord_Howe", "Asia/Tokyo", "Asia/Kolkata", "Pacific/Apia",
}

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time.LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustDate(t testing.TB, s string) meso.Date {
	t.Helper()
	d, err := meso.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// wallInstant is the instant the wall clock in loc shows hour:minute on d,
// found by walking the instants around it a quarter of an hour at a time
// (every offset in use is a whole number of quarter hours): the first
// instant whose wall clock shows it, or, when none does (the clocks skip
// it), the wall time counted with the offset from before the skip, which
// moves it forward by the skip.
func wallInstant(d meso.Date, hour, minute int, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	wall := time.Date(y, m, dd, hour, minute, 0, 0, time.UTC).Unix()
	offset := func(u int64) int64 { _, off := time.Unix(u, 0).In(loc).Zone(); return int64(off) }
	const step = 15 * 60
	for u := wall - 26*3600; u <= wall+26*3600; u += step {
		if u+offset(u) == wall {
			return time.Unix(u, 0).In(loc)
		}
	}
	for u := wall - 26*3600; u <= wall+26*3600; u += step {
		if u+offset(u) > wall {
			return time.Unix(wall-offset(u-step), 0).In(loc)
		}
	}
	panic("no instant for a wall time")
}

// wallTimeExists reports whether hour:minute exists on d in loc; on a day
// of a daylight-saving change it may be skipped. It asks time.Date in both
// directions, which gives the wall time back exactly when it exists.
func wallTimeExists(d meso.Date, hour, minute int, loc *time.Location) bool {
	t := d.At(hour, minute, loc)
	return t.Hour() == hour && t.Minute() == minute && meso.DateOf(t) == d
}
