package ics

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/ical"
)

// ProdID is the PRODID of the calendars Write writes: the product that
// made them (RFC 5545, 3.7.3).
const ProdID = "-//mesokit//meso course calendar//EN"

// testInstruction is the aftercare instruction of the allergy test, which a
// timed test injection replaces.
const testInstruction = "allergy-test-day-before"

// DefaultTitle is the SUMMARY of a session's event when Options.Title
// is empty; Write adds ", session N". With it every session's title,
// "Scalp mesotherapy, session 300" at the longest, fits in the 30
// characters a phone shows of a title.
const DefaultTitle = "Scalp mesotherapy"

// DefaultLength is how long a session's event lasts when
// Options.Length is 0. It is a policy default, not a stated value: the
// sources give a session 20-30 minutes (S4) or 30-45 minutes (S2), and meso
// takes the longest, so that a patient's calendar is never free while the
// session may still be running.
const DefaultLength = 45 * time.Minute

// The limits on Write, so that no input makes it write without bound. The
// appointments are at most MaxSessions; the texts of Options are bounded
// by MaxIDLen, MaxNameLen and MaxTextLen as each field says.
const (
	MaxLength      = 8 * time.Hour      // the longest session event
	MaxReminder    = 7 * 24 * time.Hour // the earliest reminder before a session
	MaxDomainLen   = 253                // bytes of Options.UIDDomain, as of a DNS name
	MaxZoneChanges = 200                // UTC-offset changes of the zone between the first and the last instant written
	MaxSequence    = 1<<31 - 2          // the highest Previous.Sequence: the update's SEQUENCE, one more, is still an INTEGER (RFC 5545, 3.3.8)
)

// Options says how Write writes a course's calendar. UIDDomain,
// Course and Stamp are required; every other field has a default.
type Options struct {
	// UIDDomain ends every event's UID after an "@", as in
	// "calendar.clinic.example": a DNS name the clinic controls, so that
	// its UIDs differ from every other producer's. Letters, digits, '-' and
	// '.', at most MaxDomainLen bytes. Required.
	UIDDomain string
	// Course is the clinic's own opaque identifier of the patient's course,
	// such as a record number; it goes into the UIDs (hashed, never written
	// out), so that two patients with the same plan get different UIDs and
	// a re-plan of the same course keeps them. At most MaxNameLen bytes.
	// Required.
	Course string
	// Stamp is the DTSTAMP of every event: when the plan was made or last
	// changed, chosen by the caller (Write never reads the clock), so
	// that the same plan writes the same bytes. Written in UTC, to the
	// second. Required; an update (Previous) needs a later Stamp than the
	// calendar it updates, for the clients that compare DTSTAMPs.
	Stamp time.Time
	// Zone is the location whose wall clock the times are written in. nil
	// means the appointments' own location, which must then have the same
	// name for all of them. time.UTC writes times in UTC form (with a Z)
	// and no VTIMEZONE; any other location is written as TZID=its name with
	// a VTIMEZONE made from it.
	Zone *time.Location
	// Length is how long each session's event lasts: 0 for
	// DefaultLength, otherwise a whole number of seconds up to
	// MaxLength.
	Length time.Duration
	// Title is the SUMMARY of each session's event, followed by
	// ", session N": "" for DefaultTitle. At most MaxNameLen bytes; keep
	// it short, as a phone shows 30 characters of a title.
	Title string
	// Place is the LOCATION of each session's event: the clinic's name and
	// address, as the patient's calendar should show it. At most MaxNameLen
	// bytes; empty writes no LOCATION.
	Place string
	// Note ends each session's DESCRIPTION: a phone number, what to bring.
	// At most MaxTextLen bytes.
	Note string
	// Reminder, when not 0, adds to each session's event an alarm that
	// long before it (a VALARM that displays the title): a whole number of
	// seconds up to MaxReminder.
	Reminder time.Duration
	// Aftercare, when not nil, adds what the patient must do and avoid
	// under that policy. Each session's DESCRIPTION gets the policy's
	// Summary for it (before, after, what to expect, when to call). Each
	// "do" instruction of a whole day before a session (wash your hair the
	// day before; the allergy test before the first) becomes an all-day
	// event on that day. The restriction windows after the sessions, merged
	// over the course (Policy.Course), become timed events from a session
	// to the end of the restriction, one per set of activities that are
	// restricted over the same span, titled "No …". Reminder events are
	// marked transparent: they do not make the patient look busy.
	Aftercare *aftercare.Policy
	// TestInjection, when not zero, is when the test injection before the
	// first session goes ahead (schedule.TestInjection, S2): it is written
	// as a timed visit of Length, titled "Test injection (mesotherapy)",
	// with a UID of its own for the course (a re-plan moves it), in place
	// of the all-day reminder of the allergy test. It must be before the
	// first appointment.
	TestInjection time.Time
	// Previous, when not nil, is the plan the patient's calendar was last
	// written from, with the same options but Stamp: the calendar written
	// is then the update of that one (see Write).
	Previous *Previous
}

// Previous is the plan a patient's calendar was last written from, for
// Write to write its update: the events it had that the new plan has
// not are sent cancelled, and every event's SEQUENCE rises.
type Previous struct {
	// Appointments are the ones the calendar was written from. Only their
	// numbers, starts and phases count; their locations do not (the
	// instants are written in the new calendar's zone), so appointments
	// read back from JSON serve.
	Appointments []schedule.Appointment `json:"appointments"`
	// Sequence is the SEQUENCE that calendar was written with: 0 for a
	// first calendar, and for an update the Sequence of its own Previous
	// plus one. 0 to MaxSequence.
	Sequence int `json:"sequence"`
}

// Write writes appointments to w as an iCalendar stream (RFC 5545) that
// a phone's calendar imports: a VCALENDAR (VERSION 2.0, PRODID ProdID)
// with one VEVENT per appointment in the order given, each after the
// all-day events of the day before it when opts.Aftercare is set, then the
// aftercare windows in time order, and last, in an update, the events
// cancelled.
//
// Each session's event has a stable UID (see below), the DTSTAMP
// opts.Stamp, a SEQUENCE, DTSTART at the appointment's start and DTEND
// opts.Length later, a SUMMARY (opts.Title, ", session N"), the LOCATION
// opts.Place, a DESCRIPTION naming the session in the patient's words (no
// protocol, phase or policy names), and with opts.Reminder a VALARM. Titles
// are written to be read when a phone cuts them at 30 characters: "Wash
// your hair today", "No hair washing, no styling products, …" (every
// activity with its own "no", so that a cut title never reads as an
// instruction to do it). Times are written to the second; iCalendar has no
// smaller unit.
//
// # Times, and the clients they are written for
//
// RFC 5545 allows several spellings of one instant; Write picks the one
// that the clients patients use read as meant. They are checked in meso's
// CI (interop/) with Mozilla's ical.js, the parser of Thunderbird, and with
// python icalendar 4 (Debian's), and follow the reports of issue 17 for
// libical and khal:
//
//   - In UTC, times are written in UTC form. In any other zone they are
//     written on its wall clock with its TZID, so that a client shows
//     them in the clinic's zone, and a VTIMEZONE defines the zone.
//   - A wall time that the zone shows twice, in the hour the clocks go
//     back (the first and the second 01:30 in New York on 7 November
//     2027), is written in UTC form, both times. RFC 5545 (3.3.5) reads
//     such a TZID time as the first, but ical.js, python icalendar, libical
//     and khal read the second (ical.js the first only where the zone's
//     winter time is its daylight time, as Europe/Dublin's is in Go's tz
//     data): the session would show an hour late (30
//     minutes on Lord Howe) and, its end being unambiguous, end before it
//     starts, which khal refuses. A UTC time has one reading everywhere.
//     An end time of an aftercare window is treated the same. A wall time
//     the clocks skip never occurs: the appointment's instant is after the
//     skip, and its wall time is unambiguous.
//   - The VTIMEZONE runs from the zone in force at the first instant
//     written to the last change of offset before the last one, every
//     change the Go location knows, grouped into one STANDARD or DAYLIGHT
//     observance per kind of change (offsets before and after, name,
//     daylight or not). An observance's first change is its DTSTART; when
//     it has more than one, every change is also an RDATE, the first
//     included: ical.js ignores the DTSTART of an observance that has
//     RDATEs, and would read the times before the next change at the
//     offset of the change before that, or at UTC. RFC 5545 (3.8.5.2)
//     counts an RDATE equal to DTSTART once, so the zone is the same.
//   - When the zone in force at the first instant is daylight time, the
//     VTIMEZONE starts at the last change into standard time before it:
//     python icalendar cannot convert times in a VTIMEZONE whose first
//     observance is DAYLIGHT (a course that stays in summer time).
//
// # Updates
//
// The UID of every event depends only on the course and on what the event
// is, so that a re-planned course writes the same UIDs and a calendar that
// imports the update changes its events in place instead of adding copies.
// It is 32 lowercase hex digits, the first half of the SHA-256 of its
// fields, then "@" and opts.UIDDomain. The fields are "meso-ics-2",
// opts.Course, and then for a session "session" and its number N in
// decimal; for an all-day instruction before a session (the allergy test
// injection, washing the hair) "before", the instruction's id and N; for an
// aftercare window "aftercare", the number N of the session it starts at
// and its activities' ids joined by commas. Each field is written as its
// length in bytes in decimal, a colon and itself.
//
// A first calendar (no opts.Previous) has SEQUENCE 0 on every event. An
// update, written with opts.Previous, has SEQUENCE Previous.Sequence+1 on
// every event, moved or not: Write knows the previous plan and not the
// history before it, so it cannot tell the SEQUENCE an unchanged event
// last had, and one as high as the update's is never below the one a
// calendar holds (RFC 5545, 3.8.7.4; a client keeps the event of the
// higher SEQUENCE, and of equal ones the later DTSTAMP). Every event the
// previous plan had whose UID the new one has not (a session dropped, a
// window no longer there) is written again with its previous times, the
// update's SEQUENCE, STATUS:CANCELLED, a title that starts "Cancelled: " and a
// description that says only that, without the old instructions.
// The stream has no METHOD: METHOD:CANCEL (RFC 5546) is a scheduling
// message that needs an ORGANIZER and may not carry the changed events
// with it, so an update would need two files; STATUS:CANCELLED is part of
// RFC 5545 itself, goes in the same file as the changes, and is what
// calendars that subscribe to or re-import a file act on. An event
// cancelled by one update is not sent again by the next: apply every
// update in turn.
//
// # Form and errors
//
// Lines end with CRLF and are folded at 75 octets, never inside a UTF-8
// character. Texts are escaped as TEXT values; a line break in a text,
// CRLF, CR or LF, becomes \n, the only one TEXT has.
//
// Nothing is written unless everything is valid. A nil w, no appointments
// or more than MaxSessions, an appointment with a zero start, an N below 1
// or given twice, starts in differently named locations while opts.Zone is
// nil, a zone without a usable name, an instant outside years 1 to 9999,
// more than MaxZoneChanges changes of offset, an option out of its
// bounds, or a previous plan with any of these faults (its fields named
// "previous.appointments[i]…") is a *FieldError naming the field and value,
// wrapping ErrMissing, ErrInvalid, ErrDuplicate or ErrTooLarge. An error of
// w is returned wrapped, and ends the writing.
func Write(w io.Writer, appointments []schedule.Appointment, opts Options) error {
	c, err := newICSCalendar(w, appointments, &opts)
	if err != nil {
		return err
	}
	if err := c.planEvents(appointments, &opts); err != nil {
		return err
	}
	if opts.Previous != nil {
		if err := c.planUpdate(opts.Previous, &opts); err != nil {
			return err
		}
	}
	if err := c.planZone(); err != nil {
		return err
	}
	return c.write(w, &opts)
}

// icsEvent is one VEVENT to write.
type icsEvent struct {
	uid                  string
	start, end           time.Time // in the zone; for an all-day event, midnight UTC of its dates
	allDay, transparent  bool
	alarm, cancelled     bool
	summary, description string
	place                string
}

// icsCalendar is a calendar planned in full before a byte is written.
type icsCalendar struct {
	zone        *time.Location
	tzid        string // "" when times are in UTC form
	length      time.Duration
	title       string
	stamp       time.Time
	sequence    int
	field       string // of the appointments, in errors: "appointments" or "previous.appointments"
	events      []icsEvent
	observances []observance
	lo, hi      time.Time // the first and last instant written on the zone's clock
}

// icsField is a FieldError about an option or an appointment of Write.
func icsField(field, value string, err error) *meso.FieldError {
	return &meso.FieldError{Field: field, Value: value, Err: err}
}

// newICSCalendar checks the writer, the options and the appointments.
func newICSCalendar(w io.Writer, appointments []schedule.Appointment, opts *Options) (*icsCalendar, error) {
	if w == nil {
		return nil, icsField("w", "", fmt.Errorf("%w: no writer", meso.ErrMissing))
	}
	if err := checkICSOptions(opts); err != nil {
		return nil, err
	}
	c := &icsCalendar{zone: opts.Zone, length: opts.Length, title: opts.Title, stamp: opts.Stamp.UTC().Truncate(time.Second), field: "appointments"}
	if c.length == 0 {
		c.length = DefaultLength
	}
	if c.title == "" {
		c.title = DefaultTitle
	}
	if err := checkICSAppointments("appointments", appointments); err != nil {
		return nil, err
	}
	if opts.Zone == nil {
		for i, a := range appointments {
			loc := a.Start.Location()
			if i == 0 {
				c.zone = loc
			} else if loc.String() != c.zone.String() {
				return nil, icsField("appointments["+strconv.Itoa(i)+"].start", a.Start.Format(time.RFC3339)+" "+loc.String(),
					fmt.Errorf("%w: in location %q, appointments[0] in %q; set Options.Zone to write them in one", meso.ErrInvalid, loc, c.zone))
			}
		}
	}
	if c.zone != time.UTC {
		c.tzid = c.zone.String()
		if err := checkTZID(c.tzid); err != nil {
			field := "zone"
			if opts.Zone == nil {
				field = "appointments[0].start"
			}
			return nil, icsField(field, c.tzid, err)
		}
	}
	if p := opts.Previous; p != nil {
		if err := checkPrevious("previous.", p); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// checkPrevious checks a previous plan, its fields named after prefix
// ("previous." in Options, "" on its own).
func checkPrevious(prefix string, p *Previous) error {
	if p.Sequence < 0 || p.Sequence > MaxSequence {
		return icsField(prefix+"sequence", strconv.Itoa(p.Sequence), fmt.Errorf("%w: want 0 to %d", meso.ErrInvalid, MaxSequence))
	}
	return checkICSAppointments(prefix+"appointments", p.Appointments)
}

// checkICSAppointments checks the appointments of a plan, named field in
// errors: at least one, at most MaxSessions, each with a start, a number N
// of 1 to MaxSessions given once, and a phase of at most MaxIDLen bytes.
func checkICSAppointments(field string, appointments []schedule.Appointment) error {
	switch {
	case len(appointments) == 0:
		return icsField(field, "", fmt.Errorf("%w: a calendar needs at least one event", meso.ErrMissing))
	case len(appointments) > schedule.MaxSessions:
		return icsField(field, strconv.Itoa(len(appointments)), fmt.Errorf("%w: at most %d appointments", meso.ErrTooLarge, schedule.MaxSessions))
	}
	seen := make(map[int]int, len(appointments))
	for i, a := range appointments {
		f := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case a.Start.IsZero():
			return icsField(f+".start", "", fmt.Errorf("%w: the zero time", meso.ErrMissing))
		case a.N < 1 || a.N > schedule.MaxSessions:
			return icsField(f+".n", strconv.Itoa(a.N), fmt.Errorf("%w: want 1 to %d", meso.ErrInvalid, schedule.MaxSessions))
		}
		if j, dup := seen[a.N]; dup {
			return icsField(f+".n", strconv.Itoa(a.N), fmt.Errorf("%w: also %s[%d].n", meso.ErrDuplicate, field, j))
		}
		seen[a.N] = i
		if err := checkICSText(f+".phase", a.Phase, meso.MaxIDLen); err != nil {
			return err
		}
	}
	return nil
}

// checkICSOptions checks every option against its bounds.
func checkICSOptions(o *Options) error {
	switch {
	case o.UIDDomain == "":
		return icsField("uid_domain", "", fmt.Errorf("%w: name a domain of the clinic's, such as calendar.clinic.example", meso.ErrMissing))
	case len(o.UIDDomain) > MaxDomainLen:
		return icsField("uid_domain", o.UIDDomain, fmt.Errorf("%w: at most %d bytes", meso.ErrTooLarge, MaxDomainLen))
	case strings.IndexFunc(o.UIDDomain, func(r rune) bool { return !isDomainRune(r) }) >= 0:
		return icsField("uid_domain", o.UIDDomain, fmt.Errorf("%w: want letters, digits, '-' and '.'", meso.ErrInvalid))
	case o.Course == "":
		return icsField("course", "", fmt.Errorf("%w: name the patient's course, as by its record number: it keeps two patients' UIDs apart and a re-plan's the same", meso.ErrMissing))
	case len(o.Course) > meso.MaxNameLen:
		return icsField("course", o.Course, fmt.Errorf("%w: at most %d bytes", meso.ErrTooLarge, meso.MaxNameLen))
	case o.Aftercare != nil && o.Aftercare.Name() == "":
		// The zero aftercare.Policy restricts nothing; nil means no aftercare.
		return icsField("aftercare", "", fmt.Errorf("%w: the zero Policy restricts nothing; use aftercare.DefaultPolicy(), or nil for no aftercare", meso.ErrMissing))
	case o.Stamp.IsZero():
		return icsField("stamp", "", fmt.Errorf("%w: say when the plan was made; Write does not read the clock", meso.ErrMissing))
	case o.Stamp.UTC().Year() < 1 || o.Stamp.UTC().Year() > 9999:
		return icsField("stamp", o.Stamp.Format(time.RFC3339), fmt.Errorf("%w: outside years 1 to 9999", meso.ErrInvalid))
	case o.Length < 0 || o.Length > MaxLength || o.Length%time.Second != 0:
		return icsField("length", o.Length.String(), fmt.Errorf("%w: want whole seconds from 0 (the default, %s) to %s", meso.ErrInvalid, DefaultLength, MaxLength))
	case o.Reminder < 0 || o.Reminder > MaxReminder || o.Reminder%time.Second != 0:
		return icsField("reminder", o.Reminder.String(), fmt.Errorf("%w: want whole seconds from 0 (none) to %s", meso.ErrInvalid, MaxReminder))
	}
	if err := checkICSText("title", o.Title, meso.MaxNameLen); err != nil {
		return err
	}
	if err := checkICSText("place", o.Place, meso.MaxNameLen); err != nil {
		return err
	}
	return checkICSText("note", o.Note, meso.MaxTextLen)
}

func isDomainRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.'
}

// checkICSText checks a text that will be written as a TEXT value.
func checkICSText(field, s string, limit int) error {
	if len(s) > limit {
		return icsField(field, s, fmt.Errorf("%w: at most %d bytes", meso.ErrTooLarge, limit))
	}
	if err := ical.CheckText(s); err != nil {
		return icsField(field, s, fmt.Errorf("%w: %v", meso.ErrInvalid, err))
	}
	return nil
}

// checkTZID checks that a location's name can be a TZID parameter as it is:
// not empty, at most MaxIDLen bytes, and of the characters IANA names use.
func checkTZID(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: the location has no name to write as a TZID (a time from JSON has none); set Options.Zone", meso.ErrInvalid)
	case len(name) > meso.MaxIDLen:
		return fmt.Errorf("%w: a location name of at most %d bytes", meso.ErrTooLarge, meso.MaxIDLen)
	}
	for _, r := range name {
		if !isDomainRune(r) && r != '/' && r != '_' && r != '+' {
			return fmt.Errorf("%w: a location name of letters, digits and - . / _ + (as IANA names are)", meso.ErrInvalid)
		}
	}
	return nil
}

// uidHash is the hash of an event's UID fields.
type uidHash struct {
	base, buf []byte
	domain    string
}

func newUIDHash(o *Options) *uidHash {
	u := &uidHash{domain: o.UIDDomain}
	for _, f := range []string{"meso-ics-2", o.Course} {
		u.base = appendUIDField(u.base, f)
	}
	return u
}

func appendUIDField(b []byte, f string) []byte {
	b = strconv.AppendInt(b, int64(len(f)), 10)
	b = append(b, ':')
	return append(b, f...)
}

// uid returns the UID of an event with the given fields after the base.
func (u *uidHash) uid(fields ...string) string {
	u.buf = append(u.buf[:0], u.base...)
	for _, f := range fields {
		u.buf = appendUIDField(u.buf, f)
	}
	sum := sha256.Sum256(u.buf)
	var out [32]byte
	hex.Encode(out[:], sum[:16])
	return string(out[:]) + "@" + u.domain
}

// The layout of times in the texts of events, in the zone: meso's for
// people.
const icsTextLayout = meso.InstantLayout

// icsDayTitles are the titles of the all-day instructions before a session,
// by instruction id: short, so that a phone shows them whole. An
// instruction not named here is titled with its text.
var icsDayTitles = map[string]string{
	"wash-hair-day-before":    "Wash your hair today",
	"allergy-test-day-before": "Allergy test at the clinic",
}

// icsNo is what an aftercare event's title says of each activity, each with
// its own "no", so that a title cut anywhere says only what not to do.
var icsNo = map[aftercare.Activity]string{
	aftercare.TouchScalp:         "no touching the scalp",
	aftercare.ScalpMedication:    "no scalp medicines",
	aftercare.WashHair:           "no hair washing",
	aftercare.DyeHair:            "no hair dye",
	aftercare.StylingProducts:    "no styling products",
	aftercare.ScalpMassage:       "no head massage",
	aftercare.SunExposure:        "no direct sun",
	aftercare.Solarium:           "no solarium",
	aftercare.Pool:               "no swimming",
	aftercare.Sauna:              "no sauna or hot bath",
	aftercare.Exercise:           "no sport or sweating",
	aftercare.XRay:               "no X-ray",
	aftercare.CosmeticProcedures: "no cosmetic procedures",
}

// icsNoPhrase is a's part of an aftercare title.
func icsNoPhrase(a aftercare.Activity) string {
	if s, ok := icsNo[a]; ok {
		return s
	}
	return "do not " + a.Phrase()
}

// planEvents builds the events of appointments, and checks that every
// instant can be written.
func (c *icsCalendar) planEvents(appointments []schedule.Appointment, opts *Options) error {
	u := newUIDHash(opts)
	starts := make([]time.Time, len(appointments))
	for i, a := range appointments {
		starts[i] = a.Start.In(c.zone).Truncate(time.Second)
		if err := c.checkInstant(i, starts[i]); err != nil {
			return err
		}
		if err := c.checkInstant(i, starts[i].Add(c.length)); err != nil {
			return err
		}
	}
	var instructions map[string]aftercare.Instruction
	if opts.Aftercare != nil {
		instructions = make(map[string]aftercare.Instruction)
		for _, in := range aftercare.Instructions() {
			instructions[in.ID] = in
		}
	}
	n := len(appointments)
	if opts.Aftercare != nil {
		n *= 3
	}
	c.events = make([]icsEvent, 0, n+1)
	if t := opts.TestInjection; !t.IsZero() {
		if len(appointments) == 0 || !t.Before(starts[0]) {
			return icsField("test_injection", t.Format(time.RFC3339), fmt.Errorf("%w: not before the first appointment", meso.ErrInvalid))
		}
		t = t.In(c.zone)
		c.events = append(c.events, icsEvent{
			uid: u.uid("test-injection"), // one per course: a re-plan moves it

			start:       t,
			end:         t.Add(c.length),
			summary:     "Test injection (mesotherapy)", // 28 characters: a phone shows it whole
			description: "The test injection before your scalp mesotherapy course: one injection of the preparation, the day before the first session, to see how your skin reacts.",
			place:       opts.Place,
			alarm:       opts.Reminder > 0,
		})
	}
	var desc strings.Builder
	for i, a := range appointments {
		start := starts[i]
		num := strconv.Itoa(a.N)
		if opts.Aftercare != nil {
			for _, s := range opts.Aftercare.Steps(start, a.N == 1) {
				in := instructions[s.Instruction]
				if s.Ask != aftercare.Do || !in.WholeDay || s.Instruction == testInstruction && !opts.TestInjection.IsZero() {
					continue
				}
				from, until := meso.DateOf(s.From.In(c.zone)), meso.DateOf(s.Until.In(c.zone))
				if !until.After(from) {
					until = from.AddDays(1)
				}
				if s.From.IsZero() || s.Until.IsZero() || from.IsZero() || until.IsZero() {
					return icsField(c.field+"["+strconv.Itoa(i)+"].start", start.Format(time.RFC3339),
						fmt.Errorf("%w: an instruction before it falls outside years 1 to 9999", meso.ErrInvalid))
				}
				title, ok := icsDayTitles[s.Instruction]
				if !ok {
					title = capitalize(in.Text)
				}
				c.events = append(c.events, icsEvent{
					uid:         u.uid("before", s.Instruction, num),
					start:       dayInUTC(from),
					end:         dayInUTC(until),
					allDay:      true,
					transparent: true,
					summary:     title,
					description: capitalize(in.Text) + ": before session " + num + " of your scalp mesotherapy course, on " + start.Format(icsTextLayout) + ".",
				})
			}
		}
		desc.Reset()
		desc.WriteString("Session " + num + " of your scalp mesotherapy course, on " + start.Format(icsTextLayout) + ".")
		if opts.Note != "" {
			desc.WriteString("\n" + opts.Note)
		}
		if opts.Aftercare != nil {
			desc.WriteString("\n\n" + strings.TrimSuffix(opts.Aftercare.Summary(start, a.N == 1), "\n"))
		}
		c.events = append(c.events, icsEvent{
			uid:         u.uid("session", num),
			start:       start,
			end:         start.Add(c.length),
			summary:     c.title + ", session " + num,
			description: desc.String(),
			place:       opts.Place,
			alarm:       opts.Reminder > 0,
		})
	}
	if opts.Aftercare != nil {
		return c.planWindows(u, opts.Aftercare, appointments, starts)
	}
	return nil
}

// planWindows adds the restriction windows of the course, merged, as one
// event per span with the activities restricted over exactly that span.
func (c *icsCalendar) planWindows(u *uidHash, p *aftercare.Policy, appointments []schedule.Appointment, starts []time.Time) error {
	type group struct {
		from, until time.Time
		activities  []aftercare.Activity
	}
	var groups []group
	type key struct{ from, until int64 } // to the second, as they are written
	index := make(map[key]int)
	for _, w := range p.Course(starts...).Windows() {
		k := key{w.From.Unix(), w.Until.Unix()}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, group{from: w.From.In(c.zone), until: w.Until.In(c.zone)})
		}
		groups[i].activities = append(groups[i].activities, w.Activity)
	}
	slices.SortStableFunc(groups, func(a, b group) int {
		if n := a.from.Compare(b.from); n != 0 {
			return n
		}
		return a.until.Compare(b.until)
	})
	for _, g := range groups {
		i := slices.IndexFunc(starts, g.from.Equal)
		if err := c.checkInstant(i, g.until); err != nil {
			return err
		}
		// A window starts at a session; the session's number names it.
		at := "at " + strconv.FormatInt(g.from.Unix(), 10)
		if i >= 0 {
			at = strconv.Itoa(appointments[i].N)
		}
		phrases := make([]string, len(g.activities))
		ids := make([]string, len(g.activities))
		var desc strings.Builder
		desc.WriteString("Aftercare of your scalp mesotherapy, until " + g.until.Format(icsTextLayout) + ", do not:")
		for k, a := range g.activities {
			phrases[k], ids[k] = icsNoPhrase(a), a.String()
			desc.WriteString("\n- " + a.Phrase())
		}
		c.events = append(c.events, icsEvent{
			uid:         u.uid("aftercare", at, strings.Join(ids, ",")),
			start:       g.from,
			end:         g.until,
			transparent: true,
			summary:     capitalize(strings.Join(phrases, ", ")),
			description: desc.String(),
		})
	}
	return nil
}

// planUpdate makes the calendar an update of the one written from prev:
// every event a SEQUENCE one higher, and each event of prev that the plan
// no longer has sent cancelled.
func (c *icsCalendar) planUpdate(prev *Previous, opts *Options) error {
	old := &icsCalendar{zone: c.zone, tzid: c.tzid, length: c.length, title: c.title, field: "previous.appointments"}
	if err := old.planEvents(prev.Appointments, opts); err != nil {
		return err
	}
	c.sequence = prev.Sequence + 1
	current := make(map[string]bool, len(c.events))
	for _, e := range c.events {
		current[e.uid] = true
	}
	for _, e := range old.events {
		if current[e.uid] {
			continue
		}
		e.cancelled, e.alarm, e.transparent = true, false, true
		e.summary = "Cancelled: " + e.summary
		// Not the old description: its instructions no longer apply.
		e.description = "Cancelled: your scalp mesotherapy course was planned again, and this is no longer part of it. Your calendar's other events of the course show it as it is now."
		if !e.allDay {
			// Checked in old already; here only the span of the VTIMEZONE grows.
			c.checkInstant(-1, e.start)
			c.checkInstant(-1, e.end)
		}
		c.events = append(c.events, e)
	}
	return nil
}

// checkInstant checks that t, an instant of appointments[i]'s events, can be
// written: years 1 to 9999 on the zone's clock and in UTC.
func (c *icsCalendar) checkInstant(i int, t time.Time) error {
	if y, yu := t.Year(), t.UTC().Year(); y < 1 || y > 9999 || yu < 1 || yu > 9999 {
		field := c.field
		if i >= 0 {
			field += "[" + strconv.Itoa(i) + "].start"
		}
		return icsField(field, t.Format(time.RFC3339), fmt.Errorf("%w: an instant of its events falls outside years 1 to 9999", meso.ErrInvalid))
	}
	if c.lo.IsZero() || t.Before(c.lo) {
		c.lo = t
	}
	if c.hi.IsZero() || t.After(c.hi) {
		c.hi = t
	}
	return nil
}

// dayInUTC is midnight UTC of d, which AppendDate writes as d.
func dayInUTC(d meso.Date) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// observance is one STANDARD or DAYLIGHT sub-component of a VTIMEZONE: every
// change of the zone to one offset, name and kind from one offset.
type observance struct {
	daylight bool
	name     string
	from, to int         // UTC offsets in seconds, before and after the change
	onsets   []time.Time // the wall times of the changes on the clock before them (from), as UTC times
}

// planZone finds the zone's observances from the one in force at c.lo to
// the last change at or before c.hi.
func (c *icsCalendar) planZone() error {
	if c.tzid == "" {
		return nil
	}
	t := c.lo.In(c.zone)
	// From a change into standard time: python icalendar cannot convert
	// in a VTIMEZONE whose first observance is DAYLIGHT.
	for range 16 {
		if !zoneAt(t).dst {
			break
		}
		at, ok := lastChange(t)
		if !ok || at.Add(-time.Second).Year() < 1 {
			break
		}
		t = at.Add(-time.Second)
	}
	now := zoneAt(t)
	from, onset := now.off, time.Time{}
	if at, ok := lastChange(t); ok {
		from = zoneAt(at.Add(-time.Second)).off
		onset = at.Add(time.Duration(from) * time.Second).UTC()
	}
	if onset.IsZero() || onset.Year() < 1 {
		// No change known before: the zone has had this offset since
		// before the first instant; say so from the start of its day.
		from = now.off
		y, m, d := t.Date()
		onset = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	c.observe(now, from, onset)
	for changes := 0; ; changes++ {
		at, ok := nextChange(t, c.hi)
		if !ok {
			return nil
		}
		if changes == MaxZoneChanges {
			return icsField("appointments", c.lo.Format(time.RFC3339)+".."+c.hi.Format(time.RFC3339),
				fmt.Errorf("%w: the events span more than %d changes of %s's UTC offset", meso.ErrTooLarge, MaxZoneChanges, c.tzid))
		}
		before := now
		t, now = at, zoneAt(at)
		c.observe(now, before.off, at.Add(time.Duration(before.off)*time.Second).UTC())
	}
}

// zoneState is what a location shows at an instant.
type zoneState struct {
	name string
	off  int // seconds east of UTC
	dst  bool
}

func zoneAt(t time.Time) zoneState {
	name, off := t.Zone()
	return zoneState{name: name, off: off, dst: t.IsDST()}
}

// nextChange returns the first instant after t, at or before limit, at which
// t's location shows another zone than at t, in that location.
//
// Time.ZoneBounds gives the candidates, checked with Time.Zone: a bound at
// which nothing changes (the tz database has such) is passed over, and in the
// last UTC day of a leap year that a zone's TZ rule serves, Go reports an end
// before the instant itself (golang/go#81583), so the day is searched instead.
func nextChange(t, limit time.Time) (time.Time, bool) {
	was := zoneAt(t)
	for cur := t; cur.Before(limit); {
		_, end := cur.ZoneBounds()
		trusted := end.After(cur)
		switch {
		case end.IsZero():
			return time.Time{}, false
		case !trusted:
			end = cur.Add(24 * time.Hour)
		}
		if end.After(limit) {
			end = limit
			trusted = false
		}
		if zoneAt(end) == was {
			cur = end
			continue
		}
		if trusted {
			return end, true
		}
		lo, hi := cur.Unix(), end.Unix() // was at lo, another zone at hi
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if zoneAt(time.Unix(mid, 0).In(t.Location())) == was {
				lo = mid
			} else {
				hi = mid
			}
		}
		return time.Unix(hi, 0).In(t.Location()), true
	}
	return time.Time{}, false
}

// lastChange returns the last instant at or before t at which t's location
// changed to the zone it shows at t, if Go knows one within 64 bounds.
func lastChange(t time.Time) (time.Time, bool) {
	now := zoneAt(t)
	cur := t
	for range 64 {
		start, _ := cur.ZoneBounds()
		if start.IsZero() || start.After(cur) {
			return time.Time{}, false
		}
		before := start.Add(-time.Second)
		if zoneAt(before) != now {
			return start, true
		}
		cur = before // a bound at which nothing changes
	}
	return time.Time{}, false
}

// observe adds a change from offset from to the zone z, at the wall time
// onset on the clock before it.
func (c *icsCalendar) observe(z zoneState, from int, onset time.Time) {
	for i := range c.observances {
		o := &c.observances[i]
		if o.daylight == z.dst && o.name == z.name && o.from == from && o.to == z.off {
			o.onsets = append(o.onsets, onset)
			return
		}
	}
	c.observances = append(c.observances, observance{daylight: z.dst, name: z.name, from: from, to: z.off, onsets: []time.Time{onset}})
}

// write writes the planned calendar.
func (c *icsCalendar) write(w io.Writer, opts *Options) error {
	iw := ical.NewWriter(w)
	iw.Begin("VCALENDAR")
	iw.Raw("VERSION", "2.0")
	iw.Raw("PRODID", ProdID)
	if c.tzid != "" {
		iw.Begin("VTIMEZONE")
		iw.Raw("TZID", c.tzid)
		for _, o := range c.observances {
			kind := "STANDARD"
			if o.daylight {
				kind = "DAYLIGHT"
			}
			iw.Begin(kind)
			iw.Put(ical.AppendDateTime(append(iw.Line("DTSTART"), ':'), o.onsets[0], false))
			iw.Put(ical.AppendUTCOffset(append(iw.Line("TZOFFSETFROM"), ':'), o.from))
			iw.Put(ical.AppendUTCOffset(append(iw.Line("TZOFFSETTO"), ':'), o.to))
			if len(o.onsets) > 1 {
				// ical.js reads the RDATEs of an observance that has
				// them, and not its DTSTART: the DTSTART is the first.
				for _, on := range o.onsets {
					iw.Put(ical.AppendDateTime(append(iw.Line("RDATE"), ':'), on, false))
				}
			}
			if o.name != "" {
				iw.Text("TZNAME", o.name)
			}
			iw.End(kind)
		}
		iw.End("VTIMEZONE")
	}
	stamp := ical.AppendDateTime(nil, c.stamp, true)
	for i := range c.events {
		e := &c.events[i]
		iw.Begin("VEVENT")
		iw.Raw("UID", e.uid)
		iw.Put(append(append(iw.Line("DTSTAMP"), ':'), stamp...))
		iw.Put(strconv.AppendInt(append(iw.Line("SEQUENCE"), ':'), int64(c.sequence), 10))
		c.putTime(iw, "DTSTART", e.start, e.allDay)
		c.putTime(iw, "DTEND", e.end, e.allDay)
		iw.Text("SUMMARY", e.summary)
		if e.place != "" {
			iw.Text("LOCATION", e.place)
		}
		iw.Text("DESCRIPTION", e.description)
		if e.cancelled {
			iw.Raw("STATUS", "CANCELLED")
		}
		if e.transparent {
			iw.Raw("TRANSP", "TRANSPARENT")
		}
		if e.alarm {
			iw.Begin("VALARM")
			iw.Raw("ACTION", "DISPLAY")
			iw.Put(ical.AppendDuration(append(iw.Line("TRIGGER"), ':'), -opts.Reminder))
			iw.Text("DESCRIPTION", e.summary)
			iw.End("VALARM")
		}
		iw.End("VEVENT")
	}
	iw.End("VCALENDAR")
	if err := iw.Flush(); err != nil {
		return fmt.Errorf("writing the calendar: %w", err)
	}
	return nil
}

// putTime writes a DTSTART or DTEND: a DATE for an all-day event, otherwise
// a DATE-TIME on the zone's clock with its TZID, or in UTC form in UTC and
// where the zone shows the wall time twice.
func (c *icsCalendar) putTime(iw *ical.Writer, name string, t time.Time, allDay bool) {
	l := iw.Line(name)
	switch {
	case allDay:
		l = ical.AppendDate(append(l, ";VALUE=DATE:"...), t)
	case c.tzid == "" || !wallIsUnique(t):
		l = ical.AppendDateTime(append(l, ':'), t.UTC(), true)
	default:
		l = append(append(append(l, ";TZID="...), c.tzid...), ':')
		l = ical.AppendDateTime(l, t, false)
	}
	iw.Put(l)
}

// wallIsUnique reports whether t is the only instant at which t's location
// shows t's wall time: not one of two equal wall times around a change
// that sets the clocks back, which clients read differently (see
// Write).
func wallIsUnique(t time.Time) bool {
	wall := t.Unix() + int64(zoneAt(t).off)
	// Offsets differ by less than two days, so only a zone in force in the
	// three days either side of t can show its wall time at another
	// instant.
	from, limit := t.Add(-72*time.Hour), t.Add(72*time.Hour)
	for {
		at, ok := nextChange(from, limit)
		if !ok {
			at = limit.Add(time.Second)
		}
		// from's zone holds from until at.
		if u := wall - int64(zoneAt(from).off); u >= from.Unix() && u < at.Unix() && u != t.Unix() {
			return false
		}
		if !ok {
			return true
		}
		from = at
	}
}
