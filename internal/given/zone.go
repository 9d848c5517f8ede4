package given

import (
	"path"
	"strings"
	"time"
)

// LoadableZone reports whether loc can be saved by its name: the name is
// an IANA zone's (not "", which time.LoadLocation reads as UTC, nor
// "Local", each machine's own) and time.LoadLocation reads it back as a
// zone with the same UTC offsets, so that a FixedZone that borrows a zone's
// name is not saved as that zone.
func LoadableZone(loc *time.Location) bool {
	if loc == nil {
		return false
	}
	name := loc.String()
	if !PortableZoneName(name) {
		return false
	}
	back, err := time.LoadLocation(name)
	if err != nil {
		return false
	}
	for _, y := range []int{1970, 2000, 2027, 2050} {
		for _, m := range []time.Month{time.January, time.April, time.July, time.October} {
			t := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC)
			_, a := t.In(loc).Zone()
			_, b := t.In(back).Zone()
			if a != b {
				return false
			}
		}
	}
	return true
}

// PortableZoneName reports whether name, if time.LoadLocation reads it,
// names the same zone on every machine: not "", "Local", or the system
// files that are each machine's own ("localtime", "posixrules"); not a
// variant only some systems' zone directories hold ("posix/…", "right/…");
// and written as the zone's name, not as another path to the same file
// ("Europe//Berlin", "./UTC"), which only a zone directory, not Go's own
// database, reads.
func PortableZoneName(name string) bool {
	switch {
	case name == "" || name == "Local" || name == "localtime" || name == "posixrules":
		return false
	case path.Clean(name) != name || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "posix/") || strings.HasPrefix(name, "right/"):
		return false
	}
	return true
}
