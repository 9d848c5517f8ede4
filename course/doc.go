// Package course turns a cadence of mesotherapy sessions into real
// appointments in a clinic's calendar, and follows a course through its life.
//
// # Protocols
//
// A Protocol is a cadence as data: phases, each with a Gap between sessions
// (at least Min days, at most Max, Preferred when that day is open), a Count
// of sessions (Min, Max and a Default), sometimes a span the course must
// cover (MinMonths), the sources' own words (Quotes) and the documents they
// come from (Sources). Protocols lists one protocol per cadence the five
// source documents describe, by ids that are part of the API:
//
//	every-2-3-days        S1      2-3 days, until a month after the first session
//	twice-weekly          S0, S4  3-4 days, 8-16 sessions (the count is S0's)
//	weekly                S0, S4  7 days (4-7), 8-16 sessions (the count is S0's)
//	weekly-then-biweekly  S2      weekly for a month, then up to 14 days (11-14); 8-15 sessions
//	biweekly              S1      about 14 days (13-15), 3-6 sessions
//	every-2-3-weeks       S3      14-21 days, at least three months, 5-10 sessions, repeated through the year
//	greying-weekly        S3      7 days (4-7), 10 sessions, for premature greying
//	monthly-maintenance   S2      30 days (27-30), 3-6 sessions after a main course
//
// The sources state some numbers and not others: "every 2-3 days" gives no
// preferred gap, "8-16 visits" no default count, "weekly" no tolerance for a
// closed day. Every such value is listed in the protocol's Policy with the
// reason it was chosen, and IsPolicy tells a stated value from a policy one;
// a value read from words that leave room, or stated by only some of the
// protocol's sources, is in Readings (IsReading). No default gap is longer
// than its source states ("can be increased to 14 days" is at most 14): the
// tolerance for a closed day is up to three days early, never late, and a
// clinic that wants a later one defines its own protocol. RepeatMonths says
// when a source asks for successive courses (S3, through the year).
// A clinic can define its own protocol in Go or as JSON (LoadProtocol);
// Validate checks it and names the first field that is wrong.
//
// # Calendars
//
// A Calendar is where and when sessions can happen: the clinic's
// *time.Location (never assumed: NewCalendar refuses nil), the time of day
// sessions start, the weekdays it is closed and its holidays, and the date
// ranges the patient is unavailable. A day is open when none of these closes
// it; Closure says why a day is closed.
//
// # Expansion
//
// Protocol.Expand plans a course from a first date. Its search is
// complete: when the preferred day, or the nearest open one, would leave a
// later session with no open day, earlier sessions move within their own
// ranges, and the first session moves to later first days (up to
// MaxStartDelay days on); expansion fails only when no choice of days
// satisfies every gap. Among the plans that exist it takes, session by
// session, the day the greedy rule ranks first (the preferred gap, then the
// nearest open day, the earlier on a tie) among those the rest of the course
// can follow, so that where the greedy walk finds a plan, that is the plan.
// The search costs at most sessions × days in range × gap width. The day
// before the first session must be open too: the test injection goes ahead
// then (S2), and Calendar.TestInjection gives its instant. A protocol's
// MinMonths span (S1's month, S3's three months) holds for any count. Gaps
// count calendar days, so a session at 10:00 is followed by one at 10:00
// local time across a daylight-saving change; a time the clocks skip moves
// forward by the skip and a time they repeat is its first occurrence (RFC
// 5545). When no plan exists, Expand returns a *NoOpenDayError that names
// the session no choice reaches past, the days the one before it could
// have had, every date tried and why each was closed: a gap is never
// stretched silently.
//
// Protocol.Reschedule re-plans a course after the sessions already performed,
// continuing no earlier than a new date; Protocol.Due gives the window of the
// next session from the dates of those done. ExpandSeq and RescheduleSeq give
// the same appointments as an iterator. Where the greedy walk finds the
// plan, Expand allocates the returned slice and nothing else, and the
// iterators allocate nothing; a search that must move a session back keeps
// a set of the placements that lead nowhere.
//
// # Checking a plan
//
// Plan.Check finds where a planned course contradicts itself, given the
// aftercare policy, optionally the patient's screening intake, and the
// patient's own PlannedEvents (an X-ray, a week in the sun). It reports a
// requirement before a session inside a restriction window left by an
// earlier one (washing the hair the day before, S0 and S4, inside 72 hours
// without washing, S2: every session after the first of every-2-3-days and
// of twice-weekly), an appointment or the test injection on a date screening
// defers, refuses or gives caution, a session inside an earlier one's
// windows or closer than the protocol's gap, and an event inside a
// restriction window or inside an instruction to avoid it before a session. Each Conflict names
// both sides, the sessions, the instants where they meet and the sources of
// each side; a requirement partly covered is a conflict, and the message says
// how much of it is blocked. Conflicts come in order of time; Check is pure,
// and bad input is a *FieldError naming the field and value.
//
// # Calendar export
//
// WriteICS writes appointments as an iCalendar stream (RFC 5545) that a
// patient's phone imports: one event per session whose UID is a hash of the
// course (ICSOptions.Course, required) and the session's number, so that a
// re-planned course keeps its UIDs; the caller's DTSTAMP (the package never
// reads the clock); times on the clinic's wall clock with a VTIMEZONE made
// from its *time.Location, or in UTC; lines folded at 75 octets and texts
// escaped. The spelling of times is chosen for the clients patients use, as
// Mozilla's ical.js reads them in meso's CI (WriteICS says which client each
// choice serves): a wall time the clocks repeat is written in UTC, an
// observance's DTSTART is also its first RDATE, and a VTIMEZONE starts in
// standard time. ICSOptions adds the clinic's place, a reminder alarm and,
// with an aftercare.Policy, the patient's key instructions: an all-day event
// the day before each session (wash your hair; the allergy test before the
// first) and a "No …" event for each span of the merged restriction
// windows, in words a patient reads even when a phone cuts the title at 30
// characters. With ICSOptions.Previous, the plan the calendar was written
// from, it writes the update: every SEQUENCE one higher, and the events the
// new plan dropped sent with STATUS:CANCELLED. A session lasts
// DefaultICSLength, 45 minutes, unless ICSOptions.Length says otherwise: a
// policy default, the longest the sources state (S2 30-45 minutes, S4
// 20-30).
//
// # The life of a course
//
// A Course moves through its states (planned, cleared, ready, active,
// on-hold, halted, main-complete, maintenance, closed, cancelled) only by
// events: Screened, TestInjection, SessionPerformed, SessionMissed, Hold,
// Resume, AdverseEvent, Review, PreparationChanged, MainCourseCompleted,
// MaintenanceStarted, Close, Cancel, and Observation, which records without
// changing anything. Apply returns the course after an event, or the course
// unchanged and a *TransitionError naming the rule the event breaks (Rule)
// and wrapping its sentinel error (ErrNotReady, ErrDeferred, ErrTooSoon, …).
// Which events a state accepts and where they lead is one table;
// State.Accepts reads it, and Mermaid and Graphviz draw it.
//
// A course is made for a clinic's zone (NewCourse takes its
// *time.Location): every event's instant is read in it, whatever offset it
// was written with, and every calendar-day rule counts its days.
//
// # Safety conditions
//
// Besides the table, every SessionPerformed must meet every safety
// condition, whatever path the events took; they are checked from what the
// course keeps of its history, independently of the table and in constant
// time per event (sessionConditions in safety.go lists them as a clinician
// reads them):
//
//   - not halted by an adverse event or a test reaction awaiting review
//     (S1, S2), and not on hold;
//   - the session injects the course's current preparation;
//   - no deferral open: a deferral ends only with a later screening that
//     clears the patient, never with a hold's end, a resume or a review;
//   - the latest screening was made for the current preparation, on the
//     session's own day in the clinic's zone, and cleared the patient (with
//     caution or without). Screening before each procedure is the strictest
//     reading of S1 (tell the clinic about allergies and medicines before
//     the procedure; menstruation and pregnancy can begin mid-course); a
//     clinic may keep a screening valid for Safety.ScreeningValidDays more
//     days (a policy value, default 0);
//   - a test injection of the current preparation without reaction, on the
//     calendar day before the first session with that preparation (S2: "one
//     day before the first procedure"; Safety.TestLeadDays allows a longer
//     lead). Every change of preparation, by PreparationChanged or by a
//     Review, needs a new screening and a new test injection;
//   - the protocol's count and minimum gap, in the clinic's calendar days.
//
// A Screened event is refused unless its result was made on the event's day
// in the clinic's zone and for the course's current preparation (a result
// says what it was made for: screening.Result.Date, Preparation, Policy);
// a TestInjection is refused unless it is of the course's preparation:
// never a silent switch.
//
// # Rules
//
// Each refusal names its rule by a stable id, TransitionError.Rule (Rules
// lists them):
//
//	invalid-event                    a field of the event (or the course) is missing or invalid (a *FieldError)
//	out-of-order                     the event comes before the course's last one (ErrOutOfOrder)
//	terminal                         the course is closed or cancelled (ErrTerminal)
//	not-accepted                     the state does not accept the event (ErrNotAccepted)
//	not-ready                        no session before screening and the test injection (ErrNotReady)
//	on-hold                          no session while on hold (ErrOnHold)
//	halted                           only a review moves a halted course on (ErrHalted)
//	wrong-preparation                a session or test injection of another preparation (ErrWrongPreparation)
//	deferred                         a deferral no later screening has cleared (ErrDeferred)
//	not-screened                     no screening for the current preparation (ErrNotScreened)
//	screening-for-other-preparation  a result made for another preparation, or none (ErrScreeningOtherPreparation)
//	screening-for-other-date         a result made for another day than its event's (ErrScreeningOtherDate)
//	screening-not-on-session-day     the latest screening was not on the session's day (ErrScreeningNotOnDay)
//	no-test-injection                no test injection of the current preparation without reaction (ErrNoTestInjection)
//	test-injection-not-day-before    the first session with a preparation not the day after its test (ErrTooSoonAfterTest)
//	too-soon                         sooner than the protocol's minimum gap (ErrTooSoon)
//	too-many-sessions                beyond the protocol's maximum (ErrTooManySessions)
//	too-few-sessions                 the main course completed short of the minimum (ErrTooFewSessions)
//	hold-not-over                    a resume before the hold's date (ErrHoldNotOver)
//	needs-reason                     a cancellation, or an early change of preparation, without a reason (ErrNeedsReason)
//	too-many-events                  more than MaxEvents events (ErrTooLarge)
//	not-representable                an instant the log cannot write back: a year past 9999, an offset with seconds
//
// # Logs
//
// A clinic keeps a course as its Log (Course.Log): the protocol,
// preparation, planned count, zone (by its IANA name) and safety policy it
// was made with, and its events. Replay rebuilds the course from the log;
// the log's JSON form is versioned and decoded strictly (DecodeLog), and
// writes every instant in the clinic's zone. A Course's own JSON is its
// log's: json.Marshal saves it, json.Unmarshal reads it back by replaying. What Apply accepts, the log writes and Replay reads
// back to the same course; what it could not write back (a year past 9999,
// an offset with seconds), Apply refuses. A log of version 1, written before
// logs named their zone, still decodes with every event as stored (version
// 3 renamed an event's "type" to "kind", and the fields named otherwise than
// in Go: see Log) and a nil Zone: the caller sets Zone to the clinic's before Replay, which refuses a
// nil one; its events then replay under today's rules. A Course knows its
// progress: Done, Remaining, Next (the window of the next session) and
// Reschedule (how the rest of the course shifts after a missed session).
//
// # What a course can expect, and who gives it
//
// Some of what the sources say is for people to read, not rules meso
// applies; it is reference data with the sources' own words. Expectations
// says what a course can expect: first results after three to four months
// and a complete treatment of a year or more (S4), results judged after a
// couple of months at the earliest (S0), an effect lasting several months to
// 1-1.5 years (S2), more shedding after the second or third session (S0),
// supplements that can shorten the course (S2), help only while the roots
// remain (S4), and maintenance every few or several weeks (S1). Performers
// says who may perform a session and where, SessionSteps its steps as a
// checklist, Referrals the diagnosis and specialists S2 asks for, and Prices
// S2's prices; CourseQuote prices a course from a clinic's own price and
// discount.
//
// Dates are Date, calendar days without a time or location (the same type as
// screening.Date); instants are time.Time in the calendar's location.
// Protocols, calendars, appointments and courses are values: what the
// package returns is a copy, Apply never changes the course it is given, and
// everything is safe for concurrent use.
package course
