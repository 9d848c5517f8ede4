// Package plancheck checks a planned course where its inputs meet: the
// appointments of package schedule against an aftercare policy, the
// patient's screening intake and the patient's own planned events.
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
package plancheck
