// Package meso is the vocabulary that the packages of meso share: the
// calendar day (Date, DateRange), the errors every package returns
// (FieldError and the sentinels ErrUnknown, ErrInvalid, ErrMissing,
// ErrTooLarge, ErrDuplicate), and the five source documents every domain
// fact cites (S0 to S4).
//
// meso plans and runs courses of scalp mesotherapy. Its packages follow a
// course through a clinic: formulary (what can be injected), screening (may
// this patient be treated on this day), course (protocols, calendars,
// appointments and the life of a course), aftercare (what the patient must
// avoid, and until when) and fhir (reading a health record, writing the
// plan back). They all speak in the terms of this package, so that a date
// from a screening compares with a course's appointments, and one errors.Is
// test reads the errors of all of them.
//
// # Days, not hours
//
// A course is planned in calendar days: "every 14 days", "the day before the
// first session". A day across a daylight-saving change lasts 23 or 25 hours,
// and a session at 10:00 must stay at 10:00, so a Date counts days and turns
// into an instant only when a location and a time of day are given:
//
//	first, err := meso.ParseDate("2027-03-01")
//	berlin, _ := time.LoadLocation("Europe/Berlin")
//	start := first.AddDays(28).At(10, 0, berlin) // 10:00 local, on 2027-03-29
//
// DateOf goes the other way; convert the instant to the clinic's location
// first (DateOf(t.In(loc))).
//
// # Errors
//
// Bad input is never corrected silently and never panics: it is an error.
// Where the input has a place — a field of a document, an argument of a
// call — the error is a *FieldError that says where (Field, as in
// "medications[1].last_dose"), what was given (Value), what is wanted (Rule)
// and what is wrong (Err). Every error wraps one of the sentinels of this
// package, whichever package returns it:
//
//	_, err := formulary.Default().Preparation("mesopecia-forte")
//	errors.Is(err, meso.ErrUnknown) // true, and the message lists the valid ids
//
// A lookup by id — a catalog entry, a policy's rule, a protocol — returns
// the value and an error, never a bare bool; the error names the id given
// and the ids that exist. Messages carry no package prefix: a program puts
// its own name in front once. ReportError turns an error into the fields a
// program writes as JSON.
//
// # Sources
//
// Every rule, duration, range and catalog entry names the documents it
// rests on by their file names, the constants S0 to S4; SOURCES.md at the
// module root says what meso takes from each, and where they disagree.
package meso
