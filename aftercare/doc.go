// Package aftercare tells a patient what to avoid after each session of
// scalp mesotherapy and until when, what to do or avoid before one, what to
// expect afterwards, and when to call the clinic at once.
//
// The sources state the durations differently: washing the hair is
// restricted for 24 hours (S4), 2 days (S3) or 48-72 hours (S2). Statements
// keeps every source's words and numbers; a Policy picks one duration per
// activity. DefaultPolicy takes the strictest stated value (72 hours for
// washing), citing the sources that state it; where no source gives a number,
// the value is a policy default and says so (Rule.PolicyDefault). A clinic
// chooses ShortestStatedPolicy, or makes its own with NewPolicy or LoadPolicy.
//
// A Window runs from a session's start instant for the policy's duration in
// real time: 72 hours is 72 hours even when the clocks change in between, and
// the window's instants are in the session's location. Policy.Course merges
// the windows of a course, so that Restrictions.Allowed and NextAllowed answer
// "may I wash my hair now, and if not, when?". Instructions before a session
// (Policy.Steps) run on the local calendar: "wash your hair the day before" is
// the calendar day before the session, whatever its length.
//
// Policies are immutable and safe for concurrent use; the tables behind them
// are read-only.
package aftercare
