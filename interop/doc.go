// Package interop holds the tests that the calendar parsers patients' apps
// are built on read the calendars ics.Write (course/ics) writes as they are
// meant: every event at the instants of the plan, in every zone and across
// the changes of the clocks, and a re-planned course updated in place.
//
// The tests write calendars to a temporary directory and run a reader
// program on them that prints, as JSON, what its parser read:
//
//   - icaljs/read.mjs, with Node.js: Mozilla's ical.js, the parser of
//     Thunderbird, pinned exactly by icaljs/package.json and its
//     package-lock.json. Install it with npm ci --prefix interop/icaljs.
//   - pyicalendar/read.py: python icalendar, as Debian packages it
//     (apt-get install python3-icalendar).
//
// .ci/run installs both when they are missing. Without a client the test
// of it is skipped and says why, unless the environment has MESO_ICALJS or
// MESO_PYICALENDAR set to "require", as in CI, when it fails instead.
package interop
