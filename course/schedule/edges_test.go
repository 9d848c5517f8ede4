package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned; each says what it pins, and the commit that added it
// names the mutants.

// On the day of a daylight-saving change, a session at a wall time the day
// has twice starts at the first of the two, one the day skips starts when
// the clock shows it an hour later, and the hour after a change exists once
// (RFC 5545). A course that starts weeks before the change meets it with the
// zone's period cached from the sessions before; one that starts on the day
// of the change meets it without (the cases "first" on the change itself).
func TestWallTimesOnTheDayOfAChange(t *testing.T) {
	p, _ := Lookup(Weekly)
	for _, tc := range []struct {
		zone, first  string
		hour, minute int
		want         string // the session on the day of the change
	}{
		{"Europe/Berlin", "2027-10-17", 2, 30, "2027-10-31T02:30:00+02:00"}, // 03:00 CEST -> 02:00 CET: 02:30 twice
		{"Europe/Berlin", "2027-10-17", 2, 0, "2027-10-31T02:00:00+02:00"},
		{"Europe/Berlin", "2027-10-17", 3, 0, "2027-10-31T03:00:00+01:00"}, // the end of summer time, once
		{"Europe/Berlin", "2027-10-31", 2, 30, "2027-10-31T02:30:00+02:00"},
		{"Europe/Berlin", "2027-03-14", 2, 30, "2027-03-28T03:30:00+02:00"}, // 02:00 CET -> 03:00 CEST: 02:30 skipped
		{"Europe/Berlin", "2027-03-14", 3, 0, "2027-03-28T03:00:00+02:00"},
		{"America/New_York", "2027-10-24", 1, 30, "2027-11-07T01:30:00-04:00"},
		{"America/New_York", "2027-10-24", 2, 0, "2027-11-07T02:00:00-05:00"},
		{"Australia/Sydney", "2027-03-21", 2, 30, "2027-04-04T02:30:00+11:00"},
		{"Australia/Sydney", "2027-03-21", 3, 0, "2027-04-04T03:00:00+10:00"},
		{"America/Santiago", "2027-03-20", 23, 30, "2027-04-03T23:30:00-03:00"}, // 24:00 -> 23:00 on Saturday
		{"Asia/Beirut", "2027-10-16", 23, 30, "2027-10-30T23:30:00+03:00"},      // 24:00 -> 23:00 on Saturday
		{"Asia/Beirut", "2027-10-30", 23, 30, "2027-10-30T23:30:00+03:00"},
	} {
		cal, err := clinic.NewCalendar(daytest.Zone(t, tc.zone), tc.hour, tc.minute, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Expand(daytest.Date(t, tc.first), 8, cal)
		if err != nil {
			t.Fatal(err)
		}
		on := daytest.Date(t, tc.want[:10])
		met := false
		for _, a := range got {
			if meso.DateOf(a.Start) == on {
				met = true
				if s := a.Start.Format(time.RFC3339); s != tc.want {
					t.Errorf("%s %02d:%02d from %s: the session on the day of the change starts %s, want %s", tc.zone, tc.hour, tc.minute, tc.first, s, tc.want)
				}
			} else if a.Start.Hour() != tc.hour || a.Start.Minute() != tc.minute {
				t.Errorf("%s: session %d at %s, want %02d:%02d local", tc.zone, a.N, a.Start.Format(time.RFC3339), tc.hour, tc.minute)
			}
		}
		if !met {
			t.Errorf("%s from %s: no session on %s", tc.zone, tc.first, on)
		}
	}
}

// A NoOpenDayError lists the first ten days tried and counts the rest; with
// one more than ten it lists all eleven rather than "and 1 more".
func TestNoOpenDayErrorListsTenAndCountsTheRest(t *testing.T) {
	first := daytest.Date(t, "2027-03-01")
	tried := func(n int) []ClosedDay {
		out := make([]ClosedDay, n)
		for i := range out {
			out[i] = ClosedDay{Date: first.AddDays(i), Reason: clinic.Holiday}
		}
		return out
	}
	for _, tc := range []struct {
		tried, listed int
		more          string
	}{
		{10, 10, ""},
		{11, 11, ""},
		{12, 10, "; and 2 more closed days"},
	} {
		e := &NoOpenDayError{Protocol: Weekly, Session: 2, Phase: "weekly", Earliest: first, Latest: first.AddDays(tc.tried - 1), Tried: tried(tc.tried)}
		msg := e.Error()
		if got := strings.Count(msg, " holiday"); got != tc.listed {
			t.Errorf("%d days tried: the message lists %d, want %d:\n%s", tc.tried, got, tc.listed, msg)
		}
		if tc.more != "" && !strings.HasSuffix(msg, tc.more) || tc.more == "" && strings.Contains(msg, "more closed days") {
			t.Errorf("%d days tried: message %q, want it to end %q", tc.tried, msg, tc.more)
		}
	}
}

// Errors about dates out of order name the index of the date before.
func TestOutOfOrderErrorsNameTheDateBefore(t *testing.T) {
	p, _ := Lookup(Weekly)
	_, err := p.Next([]meso.Date{daytest.Date(t, "2027-03-01"), daytest.Date(t, "2027-03-08"), daytest.Date(t, "2027-03-08")})
	if err == nil || !strings.Contains(err.Error(), "not after done[1] on 2027-03-08") {
		t.Errorf("Next with two sessions on one day: %v, want it to say: not after done[1] on 2027-03-08", err)
	}
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	at := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	_, err = p.Reschedule([]time.Time{at, at.AddDate(0, 0, 7), at.AddDate(0, 0, 7).Add(time.Hour)}, daytest.Date(t, "2027-03-20"), 0, cal)
	if err == nil || !strings.Contains(err.Error(), "not on a day after performed[1] on 2027-03-08") {
		t.Errorf("Reschedule with two sessions on one day: %v, want it to say: not on a day after performed[1] on 2027-03-08", err)
	}
}

// A course that would run past 9999-12-31 is an error naming the date it
// starts from: "first" for a new course, "from" for one continued.
func TestPastTheEndOfTheCalendarNamesTheDate(t *testing.T) {
	p, _ := Lookup(Weekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	var fe *meso.FieldError
	if _, err := p.Expand(daytest.Date(t, "9999-12-20"), 0, cal); !errors.As(err, &fe) || fe.Field != "first" || !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("Expand from 9999-12-20: %v, want ErrInvalid at first", err)
	}
	performed := []time.Time{time.Date(9999, 12, 10, 10, 0, 0, 0, time.UTC)}
	if _, err := p.Reschedule(performed, daytest.Date(t, "9999-12-12"), 0, cal); !errors.As(err, &fe) || fe.Field != "from" || !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("Reschedule to 9999-12-12: %v, want ErrInvalid at from", err)
	}
}

// A protocol of exactly the largest size read is read. (The same for a log,
// MaxLogBytes, would decode 8 MiB: seconds under the race detector, so it is
// left out; see MUTATION.md.)
func TestProtocolOfExactlyTheLimit(t *testing.T) {
	p, _ := Lookup(Weekly)
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bytes.NewReader(padObject(data, MaxProtocolBytes))); err != nil {
		t.Errorf("a protocol of exactly MaxProtocolBytes (%d): %v", MaxProtocolBytes, err)
	}
}

// padObject pads a JSON object with blanks before its closing brace to n
// bytes.
func padObject(data []byte, n int) []byte {
	out := make([]byte, 0, n)
	out = append(out, data[:len(data)-1]...)
	out = append(out, bytes.Repeat([]byte(" "), n-len(data))...)
	return append(out, '}')
}

// A protocol may have exactly MaxPhases phases and MaxListLen sources; the
// error for too long a course counts its gaps, one fewer than its sessions.
func TestProtocolAtTheLimits(t *testing.T) {
	p := validProtocol()
	p.Phases = nil
	for i := range MaxPhases {
		ph := Phase{Name: "phase-" + strconv.Itoa(i), Gap: Gap{6, 7, 8}, Sessions: 1}
		if i == MaxPhases-1 {
			ph.Sessions = 0
		}
		p.Phases = append(p.Phases, ph)
	}
	for i := 1; len(p.Sources) < MaxListLen; i++ {
		p.Sources = append(p.Sources, "source "+strconv.Itoa(i))
	}
	if err := p.Validate(); err != nil {
		t.Errorf("MaxPhases (%d) phases and MaxListLen (%d) sources: %v, want it valid", MaxPhases, MaxListLen, err)
	}

	long := validProtocol()
	long.Phases = []Phase{{Name: "monthly", Gap: Gap{28, 30, 32}}}
	long.Sessions = Count{1, 40, 10}
	if err := long.Validate(); err == nil || !strings.Contains(err.Error(), "39 gaps of up to 32 days run past 1096 days") {
		t.Errorf("a course of 40 sessions 32 days apart: %v, want it to say 39 gaps of up to 32 days run past 1096 days", err)
	}
}
