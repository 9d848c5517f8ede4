package given

import (
	"testing"
	"time"
)

// A zone saves by its name only when every machine reads that name as the
// same zone: "localtime" is this machine's zone, "Europe//Berlin" a path
// only a zone directory reads, "right/UTC" a file only some systems have.
func TestPortableZoneName(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Factory"} {
		if !PortableZoneName(name) {
			t.Errorf("PortableZoneName(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"", "Local", "localtime", "posixrules", "Europe//Berlin", "Europe/./Berlin", "./UTC", "Europe/Berlin/",
		"/etc/localtime", "right/UTC", "posix/Europe/Berlin"} {
		if PortableZoneName(name) {
			t.Errorf("PortableZoneName(%q) = true, want false", name)
		}
		if loc, err := time.LoadLocation(name); name != "" && err == nil && LoadableZone(loc) { // "" loads as UTC
			t.Errorf("LoadableZone(time.LoadLocation(%q)) = true, want false", name)
		}
	}
}
