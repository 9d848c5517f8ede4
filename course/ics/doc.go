// Package ics writes a planned course as an iCalendar file (RFC 5545) that a
// patient's phone imports, and the update that replaces it when the plan
// changes.
//
// Write writes appointments as an iCalendar stream (RFC 5545) that a
// patient's phone imports: one event per session whose UID is a hash of the
// course (Options.Course, required) and the session's number, so that a
// re-planned course keeps its UIDs; the caller's DTSTAMP (the package never
// reads the clock); times on the clinic's wall clock with a VTIMEZONE made
// from its *time.Location, or in UTC; lines folded at 75 octets and texts
// escaped. The spelling of times is chosen for the clients patients use, as
// Mozilla's ical.js reads them in meso's CI (Write says which client each
// choice serves): a wall time the clocks repeat is written in UTC, an
// observance's DTSTART is also its first RDATE, and a VTIMEZONE starts in
// standard time. Options adds the clinic's place, a reminder alarm and,
// with an aftercare.Policy, the patient's key instructions: an all-day event
// the day before each session (wash your hair; the allergy test before the
// first) and a "No …" event for each span of the merged restriction
// windows, in words a patient reads even when a phone cuts the title at 30
// characters. With Options.Previous, the plan the calendar was written
// from, it writes the update: every SEQUENCE one higher, and the events the
// new plan dropped sent with STATUS:CANCELLED. A session lasts
// DefaultLength, 45 minutes, unless Options.Length says otherwise: a
// policy default, the longest the sources state (S2 30-45 minutes, S4
// 20-30).
package ics
