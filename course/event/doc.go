// Package event names what can happen during a course of scalp mesotherapy,
// and how a course's log writes it.
//
// The events are Screened, TestInjection, SessionPerformed, SessionMissed,
// Hold, Resume, AdverseEvent, Review, PreparationChanged,
// MainCourseCompleted, MaintenanceStarted, Close, Cancel and Observation,
// each with its instant and its fields, and each with a Check of its own
// fields; package course applies them to a course (course.Apply), which
// decides whether the course accepts them. Their vocabulary is here too:
// the zones of the scalp (Zones), the steps of a session (Checklist,
// SessionSteps), the complications the sources name and their grade
// (Complication, Grade), a review's Outcome and an observation's Observed.
//
// A Log is what a clinic keeps of a course: what it was made with (its
// protocol, preparation, planned count, zone and Safety policy) and its
// events. Its JSON form is versioned (LogVersion; logs of versions 1 and 2
// still read) and decoded strictly (DecodeLog); course.Replay rebuilds the
// course from it.
//
// The package also holds what the sources say for people to read rather
// than as rules: who performs a session (Performers), its steps
// (SessionSteps), what a course can expect (Expectations), whom else to see
// (Referrals) and the prices S2 states (Prices, CourseQuote).
//
// event uses schedule (a maintenance protocol, a log's protocol) and
// screening (a screening's result); it does not use course.
package event
