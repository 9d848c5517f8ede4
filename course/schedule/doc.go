// Package schedule plans a course of sessions: protocols, the cadences of the
// sources as data, expanded into appointments in a clinic's calendar
// (package clinic), and when the next session of a course is due.
//
// # Protocols
//
// A Protocol is a cadence as data: phases, each with a Gap between sessions
// (at least Min days, at most Max, Preferred when that day is open), a Count
// of sessions (Min, Max and a Default), sometimes a span the course must
// cover (MinMonths), the sources' own words (Quotes) and the documents they
// come from (Sources). All lists one protocol per cadence the five
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
// A clinic can define its own protocol in Go or as JSON (Load); Lookup finds a built-in one by id;
// Validate checks it and names the first field that is wrong.
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
// then (S2), and TestInjection gives its instant. A protocol's
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
// continuing no earlier than a new date; Protocol.Next gives when the
// next session is due (a Due) from the dates of those done, and a Progress
// keeps that answer up to date one session at a time. ExpandSeq and RescheduleSeq give
// the same appointments as an iterator. Where the greedy walk finds the
// plan, Expand allocates the returned slice and nothing else, and the
// iterators allocate nothing; a search that must move a session back keeps
// a set of the placements that lead nowhere.
package schedule
