// Package aftercare tells a patient what to avoid after each session of
// scalp mesotherapy and until when, what to do or avoid before one, what to
// expect afterwards, and when to call the clinic at once.
//
// The sources state the durations differently: washing the hair is
// restricted for 24 hours (S4), 2 days (S3) or 48-72 hours (S2). Statements
// keeps every source's words and numbers; a Policy picks one duration per
// activity. DefaultPolicy takes the strictest stated value (72 hours for
// washing), citing the sources that state it; where no source gives a number,
// the value is a policy default and says so (Restriction.PolicyDefault). A clinic
// chooses ShortestStatedPolicy, or makes its own with NewPolicy or LoadPolicy.
//
// A Window runs from a session's start instant until the policy's duration
// after the session's end, in real time: the sources count from after the
// procedure, and a policy knows how long a session lasts (Policy.Session:
// 45 minutes by default, the longest S2 states; 20 in ShortestStatedPolicy,
// the shortest S4 states; a clinic's own with Policy.WithSession). 72 hours
// after a 45-minute session end 72 hours 45 minutes after its start, even
// when the clocks change in between, and the window's instants are in the
// session's location. Policy.Course merges
// the windows of a course, so that Timeline.Allowed and NextAllowed answer
// "may I wash my hair now, and if not, when?". Instructions before a session
// (Policy.Steps) run on the local calendar: "wash your hair the day before" is
// the calendar day before the session, whatever its length.
//
// # Readings across the sources
//
// Some statements seem to contradict each other; meso reads them so:
//
//   - The light massage the practitioner gives at the end of a session (S1,
//     S2) is part of the procedure. The restriction on scalp massage (S1 24
//     hours, S0 a couple of days) is about the patient's own head massage
//     after it.
//   - S4 advises "some spray or anti-inflammatory cream" after a session for
//     irritation, and S4's doctor may prescribe lotions or creams; S3 allows
//     no medicine on the scalp for 12 hours. The default keeps S3's 12 hours
//     for anything applied to the scalp; a doctor who prescribes otherwise
//     decides for that patient.
//   - Pain may last up to 7 days, and painkillers are taken only on a
//     doctor's strict prescription (S2); the instruction against aspirin
//     before the next session (S1) still holds, so the prescription is for a
//     painkiller other than aspirin when the next session is within its lead.
//
// GeneralCare is the advice between sessions that has no span (S3, S4: a hat
// in the cold, no dryers or straighteners, no too-hot water); AfterEffects
// and WarningSigns are what to expect and when to call the clinic.
//
// Policies are immutable and safe for concurrent use; the tables behind them
// are read-only.
package aftercare
