// Package daytest holds what the tests of meso's packages share about days
// and zones: the zones whose clocks make trouble, and loading a zone or
// reading a day where a test cannot go on without it.
package daytest

import (
	"testing"
	"time"

	"github.com/mesokit/meso"
)

// Zones are the locations the properties draw from: zones with
// daylight-saving changes at 02:00 or 03:00 (New York, Berlin, Sydney, with
// the southern seasons), at midnight (Santiago, Beirut, Havana), on the half
// hour (Adelaide, Lord Howe's half-hour change), without any (UTC, Tokyo,
// Kolkata), and one that skipped a whole day (Apia, 2011-12-30).
var Zones = []string{
	"UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney",
	"America/Santiago", "Asia/Beirut", "America/Havana",
	"Australia/Adelaide", "Australia/Lord_Howe", "Asia/Tokyo", "Asia/Kolkata", "Pacific/Apia",
}

// Zone loads the IANA zone name, or fails the test.
func Zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time.LoadLocation(%q): %v", name, err)
	}
	return loc
}

// Date reads a day written YYYY-MM-DD, or fails the test.
func Date(t testing.TB, s string) meso.Date {
	t.Helper()
	d, err := meso.ParseDate(s)
	if err != nil {
		t.Fatalf("meso.ParseDate(%q): %v", s, err)
	}
	return d
}

// WallInstant is the instant the wall clock in loc shows hour:minute on d,
// found by walking the instants around it a quarter of an hour at a time
// (every offset in use is a whole number of quarter hours): the first
// instant whose wall clock shows it, or, when none does (the clocks skip
// it), the wall time counted with the offset from before the skip, which
// moves it forward by the skip.
func WallInstant(d meso.Date, hour, minute int, loc *time.Location) time.Time {
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

// WallTimeExists reports whether hour:minute exists on d in loc; on a day
// of a daylight-saving change it may be skipped. It asks time.Date in both
// directions, which gives the wall time back exactly when it exists.
func WallTimeExists(d meso.Date, hour, minute int, loc *time.Location) bool {
	t := d.At(hour, minute, loc)
	return t.Hour() == hour && t.Minute() == minute && meso.DateOf(t) == d
}
