// Package course follows a course of scalp mesotherapy through its life: the
// states that events move it through from planned to closed, the safety
// conditions every session must meet, and the replay of its log.
//
// The plan side of a course is in its sub-packages, each one idea:
//
//   - course/clinic: the clinic's calendar, when it can see a patient;
//   - course/schedule: protocols (the sources' cadences) and their expansion
//     into appointments in a clinic's calendar;
//   - course/plancheck: a planned course checked against aftercare,
//     screening and the patient's own plans;
//   - course/ics: a plan written as an iCalendar file for the patient's phone.
//
// What can happen to a course is course/event: the event types and their
// vocabulary (zones, checklist, complications, grades), the Log a clinic
// keeps and its JSON form, and the sources' reference data.
//
// course uses event, schedule and clinic; none of them uses course.
//
// # The life of a course
//
// A Course moves through its states (planned, cleared, ready, active,
// on-hold, halted, main-complete, maintenance, closed, cancelled) only by
// events of package event: Screened, TestInjection, SessionPerformed,
// SessionMissed, Hold, Resume, AdverseEvent, Review, PreparationChanged,
// MainCourseCompleted, MaintenanceStarted, Close, Cancel, and Observation,
// which records without changing anything. Apply checks an event's fields
// (its Check) and then the course's rules, and returns the course after an event, or the course
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
//     clinic may keep a screening valid for event.Safety.ScreeningValidDays more
//     days (a policy value, default 0);
//   - a test injection of the current preparation without reaction, on the
//     calendar day before the first session with that preparation (S2: "one
//     day before the first procedure"; event.Safety.TestLeadDays allows a longer
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
//	too-many-events                  more than event.MaxEvents events (ErrTooLarge)
//	not-representable                an instant the log cannot write back: a year past 9999, an offset with seconds
//
// # Logs
//
// A clinic keeps a course as its event.Log (Course.Log): the protocol,
// preparation, planned count, zone (by its IANA name) and safety policy it
// was made with, and its events. Replay rebuilds the course from the log;
// the log's JSON form is versioned and decoded strictly (event.DecodeLog),
// and writes every instant in the clinic's zone. A Course's own JSON is its
// log's: json.Marshal saves it, json.Unmarshal reads it back by replaying. What Apply accepts, the log writes and Replay reads
// back to the same course; what it could not write back (a year past 9999,
// an offset with seconds), Apply refuses. A log of version 1, written before
// logs named their zone, still decodes with every event as stored (version
// 3 renamed an event's "type" to "kind", and the fields named otherwise than
// in Go: see event.Log) and a nil Zone: the caller sets Zone to the clinic's before Replay, which refuses a
// nil one; its events then replay under today's rules. A Course knows its
// progress: Done, Remaining, Next (when the next session is due, a
// schedule.Due) and Reschedule (how the rest of the course shifts after a missed session).
//
// What a course can expect, who performs a session and its steps, the
// referrals and prices the sources state are reference data for people to
// read, not rules: event.Expectations, event.Performers, event.SessionSteps,
// event.Referrals, event.Prices and event.CourseQuote.
//
// Dates are meso.Date, calendar days without a time or location; instants
// are time.Time in the clinic's location. Courses and logs are values: what the
// package returns is a copy, Apply never changes the course it is given, and
// everything is safe for concurrent use.
package course
