// Package clinic describes when a clinic can see a patient: its location and
// the time of day sessions start, the weekdays it is closed, its holidays, the
// days the patient is away, and optionally the free times of its own diary.
//
// A Calendar is where and when sessions can happen: the clinic's
// *time.Location (never assumed: NewCalendar refuses nil), the time of day
// sessions start, the weekdays it is closed and its holidays, and the date
// ranges the patient is unavailable. A day is open when none of these closes
// it; Closure says why a day is closed.
//
// Start gives the instant of a session on an open day: a time the clocks
// skip moves forward by the skip and a time they repeat is its first
// occurrence (RFC 5545). Package schedule expands protocols in a Calendar.
package clinic
