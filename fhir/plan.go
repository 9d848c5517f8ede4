package fhir

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// MaxReferenceLen is the longest CarePlan.Patient that WritePlan takes; the
// longest CarePlan.Course is meso.MaxIDLen.
const MaxReferenceLen = 256

// CarePlan is a planned course as WritePlan writes it back to the record,
// as a FHIR CarePlan with its appointments.
type CarePlan struct {
	// Course names the course; the Bundle's ids are made from it and each
	// resource's place in the course, so that a re-planned course keeps
	// them. Required, at most MaxIDLen bytes.
	Course string `json:"course"`
	// Patient is the patient in the clinic's record, as a FHIR reference:
	// "Patient/123", an absolute URL or a urn:uuid. Required.
	Patient string `json:"patient"`
	// Protocol is the cadence the course was planned with; its name and
	// phases describe the CarePlan.
	Protocol schedule.Protocol `json:"protocol"`
	// Appointments are the sessions, as Protocol.Expand or Reschedule give
	// them: at least one, at most schedule.MaxSessions, numbers and starts
	// increasing.
	Appointments []schedule.Appointment `json:"appointments"`
	// Length is how long a session lasts; 0 means ics.DefaultLength.
	Length time.Duration `json:"length,omitzero"`
	// TestInjection is when the allergy test injection is planned (S2: the
	// day before the first session); the zero time plans none.
	TestInjection time.Time `json:"test_injection,omitzero"`
	// Log, when not nil, is the course's log: a session performed on an
	// appointment's day is fulfilled, one missed is noshow, the test
	// injection done is fulfilled, and every appointment after the course
	// was cancelled or closed is cancelled. The rest are Booked or proposed.
	Log *event.Log `json:"log,omitempty"`
	// Booked marks the appointments the log does not settle as booked
	// rather than proposed.
	Booked bool `json:"booked,omitempty"`
	// Screening, when not nil, is the screening the course was planned on;
	// each of its findings is a DetectedIssue.
	Screening *screening.Result `json:"screening,omitempty"`
	// Record, when not nil, is the record the patient was screened from
	// (Read): a DetectedIssue names as implicated the record's resources
	// whose facts the finding's rule matches (the Condition, the
	// MedicationStatement, …), by their Type/id in the record.
	Record *Record `json:"record,omitempty"`
	// Policy is the policy the screening was made under, to read what each
	// finding's rule matches; nil means screening.DefaultPolicy().
	Policy *screening.Policy `json:"policy,omitempty"`
	// Aftercare, when not nil, adds the merged restriction windows of the
	// sessions not cancelled or missed as CarePlan activities the patient
	// must not do, each with its period.
	Aftercare *aftercare.Policy `json:"aftercare,omitempty"`
}

// MarshalJSON writes p with snake_case keys, as in {"course": "c-1",
// "patient": "Patient/anna", "protocol": {…}, "appointments": […],
// "length": "45m0s", …}: the protocol, the log, the screening, the record
// and the policies each in their own JSON form, Length as
// time.Duration.String writes it, and what is not set left out. It is
// WritePlan's input saved, to write the same Bundle again.
func (p CarePlan) MarshalJSON() ([]byte, error) {
	type plain CarePlan // without these methods
	doc := struct {
		Length string `json:"length,omitempty"` // before plain, whose length it hides
		plain
	}{plain: plain(p)}
	if p.Length != 0 {
		doc.Length = p.Length.String()
	}
	return strictjson.Marshal(doc)
}

// UnmarshalJSON reads a plan in the form MarshalJSON writes, strictly, each
// part by its own decoder (a protocol is validated, a log replayed, a
// policy loaded); a length that is not a duration of 0 or more is a
// *meso.FieldError. What WritePlan checks besides is checked when it
// writes. On error p is left as it was.
func (p *CarePlan) UnmarshalJSON(data []byte) error {
	if len(data) > MaxBundleBytes {
		return fail("care_plan", "", meso.ErrTooLarge, "more than %d bytes", MaxBundleBytes)
	}
	type plain CarePlan
	var doc struct {
		Length string `json:"length"`
		plain
	}
	if err := strictjson.Decode(data, &doc); err != nil {
		err = strictError("", err)
		if fe := (*meso.FieldError)(nil); errors.As(err, &fe) && fe.Field == "" {
			fe.Field = "care_plan" // the document as a whole: null, an array
		}
		return err
	}
	got := CarePlan(doc.plain)
	if got.Protocol.ID == "" {
		// Left out, the protocol would read as the zero Protocol, which
		// MarshalJSON writes and no protocol's decoder reads back.
		return fail("protocol", "", meso.ErrMissing, "the protocol the course was planned with")
	}
	got.Length = 0
	if doc.Length != "" {
		d, err := time.ParseDuration(doc.Length)
		if err != nil || d < 0 {
			return fail("length", doc.Length, meso.ErrInvalid, "want a duration of 0 or more, such as 45m0s")
		}
		got.Length = d
	}
	*p = got
	return nil
}

// The statuses an Appointment gets, as FHIR R4 names them.
const (
	statusProposed  = "proposed"
	statusBooked    = "booked"
	statusFulfilled = "fulfilled"
	statusCancelled = "cancelled"
	statusNoShow    = "noshow"
)

type (
	oref struct {
		Reference string `json:"reference"`
	}
	oparticipant struct {
		Actor  oref   `json:"actor"`
		Status string `json:"status"`
	}
	oappointment struct {
		ResourceType    string         `json:"resourceType"`
		ID              string         `json:"id"`
		Status          string         `json:"status"`
		Description     string         `json:"description"`
		Start           string         `json:"start"`
		End             string         `json:"end"`
		MinutesDuration int            `json:"minutesDuration"`
		Participant     []oparticipant `json:"participant"`
	}
	operiod struct {
		Start string `json:"start"`
		End   string `json:"end"`
	}
	odetail struct {
		Status          string  `json:"status"`
		DoNotPerform    bool    `json:"doNotPerform"`
		Description     string  `json:"description"`
		ScheduledPeriod operiod `json:"scheduledPeriod"`
	}
	oactivity struct {
		Reference *oref    `json:"reference,omitempty"`
		Detail    *odetail `json:"detail,omitempty"`
	}
	ocareplan struct {
		ResourceType   string      `json:"resourceType"`
		ID             string      `json:"id"`
		Status         string      `json:"status"`
		Intent         string      `json:"intent"`
		Title          string      `json:"title"`
		Description    string      `json:"description"`
		Subject        oref        `json:"subject"`
		Period         operiod     `json:"period"`
		SupportingInfo []oref      `json:"supportingInfo,omitempty"`
		Activity       []oactivity `json:"activity"`
	}
	oconcept struct {
		Text string `json:"text"`
	}
	oissue struct {
		ResourceType string   `json:"resourceType"`
		ID           string   `json:"id"`
		Status       string   `json:"status"`
		Code         oconcept `json:"code"`
		Severity     string   `json:"severity"`
		Patient      oref     `json:"patient"`
		Implicated   []oref   `json:"implicated,omitempty"`
		Detail       string   `json:"detail"`
	}
	oentry struct {
		FullURL  string `json:"fullUrl"`
		Resource any    `json:"resource"`
	}
	obundle struct {
		ResourceType string   `json:"resourceType"`
		ID           string   `json:"id"`
		Type         string   `json:"type"`
		Entry        []oentry `json:"entry"`
	}
)

// WritePlan writes the plan as a FHIR R4 Bundle of type collection, in
// JSON: a CarePlan of the course (its cadence in the description, one
// activity per session referring to that session's Appointment, the test
// injection's too, and the aftercare restrictions as activities with their
// periods), an Appointment per session and for the test injection, with
// statuses from the log, and a DetectedIssue per screening finding, which
// the CarePlan names as supporting information. Every reference is a
// urn:uuid fullUrl of the Bundle, or the patient's. Bad input is an *meso.FieldError
// naming the field and value; nothing is written then.
func WritePlan(w io.Writer, p CarePlan) error {
	if err := p.check(); err != nil {
		return err
	}
	length := p.Length
	if length == 0 {
		length = ics.DefaultLength
	}
	var entries []oentry
	careplan := uuidURN(p.Course, "careplan", 0)
	cp := ocareplan{ResourceType: "CarePlan", ID: idOf(careplan), Status: "active", Intent: "plan",
		Title: "Scalp mesotherapy: " + nameOf(p.Protocol), Description: cadence(p.Protocol, len(p.Appointments)),
		Subject: oref{p.Patient}}
	status := p.statuses()
	if status.closed {
		cp.Status = "completed"
		if status.cancelled {
			cp.Status = "revoked"
		}
	}
	var apps []oentry
	appointment := func(url, what string, start time.Time, st string) {
		part := "accepted"
		if st == statusProposed {
			part = "needs-action"
		}
		apps = append(apps, oentry{FullURL: url, Resource: oappointment{ResourceType: "Appointment", ID: idOf(url), Status: st,
			Description: what, Start: instant(start), End: instant(start.Add(length)), MinutesDuration: int(length / time.Minute),
			Participant: []oparticipant{{Actor: oref{p.Patient}, Status: part}}}})
		cp.Activity = append(cp.Activity, oactivity{Reference: &oref{url}})
	}
	if !p.TestInjection.IsZero() {
		appointment(uuidURN(p.Course, "test-injection", 0), "Allergy test injection before the first session (S2)", p.TestInjection, status.test)
	}
	var kept []time.Time
	for i, a := range p.Appointments {
		st := status.sessions[i]
		appointment(uuidURN(p.Course, "session", a.N), fmt.Sprintf("Scalp mesotherapy, session %d (%s phase)", a.N, a.Phase), a.Start, st)
		if st != statusCancelled && st != statusNoShow {
			kept = append(kept, a.Start)
		}
	}
	first, last := p.Appointments[0].Start, p.Appointments[len(p.Appointments)-1].Start.Add(length)
	if !p.TestInjection.IsZero() && p.TestInjection.Before(first) {
		first = p.TestInjection
	}
	if p.Aftercare != nil && len(kept) > 0 {
		for _, win := range p.Aftercare.Course(kept...).Windows() {
			cp.Activity = append(cp.Activity, oactivity{Detail: &odetail{Status: "scheduled", DoNotPerform: true,
				Description:     "Do not " + win.Activity.Phrase() + " (aftercare: " + win.Activity.String() + ")",
				ScheduledPeriod: operiod{Start: instant(win.From), End: instant(win.Until)}}})
			if win.Until.After(last) {
				last = win.Until
			}
		}
	}
	cp.Period = operiod{Start: instant(first), End: instant(last)}
	var issues []oentry
	policy := p.Policy
	if policy == nil {
		policy = screening.DefaultPolicy()
	}
	if p.Screening != nil {
		for i, f := range p.Screening.Findings {
			url := uuidURN(p.Course, "issue", i+1)
			detail := f.Message
			if !f.Until.IsZero() {
				detail += " Until " + f.Until.String() + "."
			}
			if len(f.Sources) > 0 {
				detail += " Sources: " + strings.Join(f.Sources, ", ") + "."
			}
			var implicated []oref
			if p.Record != nil {
				rule, _ := policy.Rule(f.Rule)
				for _, ref := range implicatedBy(rule.Match, p.Record.Facts) {
					implicated = append(implicated, oref{ref})
				}
			}
			issues = append(issues, oentry{FullURL: url, Resource: oissue{ResourceType: "DetectedIssue", ID: idOf(url), Status: "final",
				Code: oconcept{Text: f.Rule + " (" + f.Severity.String() + ")"}, Severity: severity(f.Severity), Patient: oref{p.Patient},
				Implicated: implicated, Detail: detail}})
			cp.SupportingInfo = append(cp.SupportingInfo, oref{url})
		}
	}
	entries = append(entries, oentry{FullURL: careplan, Resource: cp})
	entries = append(entries, apps...)
	entries = append(entries, issues...)
	out, err := json.MarshalIndent(obundle{ResourceType: "Bundle", ID: idOf(uuidURN(p.Course, "bundle", 0)), Type: "collection", Entry: entries}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

func (p CarePlan) check() error {
	switch {
	case p.Course == "":
		return fail("Course", "", meso.ErrMissing, "the course's id makes the Bundle's ids")
	case len(p.Course) > meso.MaxIDLen:
		return fail("Course", p.Course[:meso.MaxIDLen]+"…", meso.ErrTooLarge, "at most %d bytes", meso.MaxIDLen)
	case p.Patient == "":
		return fail("Patient", "", meso.ErrMissing, "every resource refers to the patient")
	case len(p.Patient) > MaxReferenceLen:
		return fail("Patient", p.Patient[:MaxReferenceLen]+"…", meso.ErrTooLarge, "at most %d bytes", MaxReferenceLen)
	case !isReference(p.Patient):
		return fail("Patient", p.Patient, meso.ErrInvalid, "want Patient/ID, an absolute URL or a urn:uuid")
	case len(p.Appointments) == 0:
		return fail("Appointments", "", meso.ErrMissing, "a plan has at least one session")
	case len(p.Appointments) > schedule.MaxSessions:
		return fail("Appointments", "", meso.ErrTooLarge, "%d sessions, at most %d", len(p.Appointments), schedule.MaxSessions)
	case p.Length < 0 || p.Length > ics.MaxLength:
		return fail("Length", p.Length.String(), meso.ErrInvalid, "from 0 to %v", ics.MaxLength)
	}
	if p.Screening != nil {
		policy := p.Policy
		if policy == nil {
			policy = screening.DefaultPolicy()
		}
		if p.Screening.Policy != policy.Name() {
			return fail("Screening.Policy", p.Screening.Policy, meso.ErrInvalid, "the screening was made under another policy than %s", policy.Name())
		}
		for i, f := range p.Screening.Findings {
			if _, err := policy.Rule(f.Rule); err != nil {
				return fail(fmt.Sprintf("Screening.Findings[%d].Rule", i), f.Rule, meso.ErrInvalid, "not a rule of the policy %s", policy.Name())
			}
		}
	}
	for i, a := range p.Appointments {
		path := fmt.Sprintf("Appointments[%d]", i)
		if a.Start.IsZero() {
			return fail(path+".Start", "", meso.ErrMissing, "a session needs its start")
		}
		if a.N < 1 {
			return fail(path+".N", fmt.Sprint(a.N), meso.ErrInvalid, "sessions are numbered from 1")
		}
		if i > 0 && (a.N <= p.Appointments[i-1].N || !a.Start.After(p.Appointments[i-1].Start)) {
			return fail(path, fmt.Sprint(a.N), meso.ErrInvalid, "numbers and starts must increase")
		}
	}
	return nil
}

// isReference tells a FHIR reference to a patient: Patient/id with a FHIR
// id, an absolute http(s) URL, or a urn:uuid.
func isReference(s string) bool {
	if id, ok := strings.CutPrefix(s, "Patient/"); ok {
		if id == "" || len(id) > 64 {
			return false
		}
		for _, c := range id {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
				return false
			}
		}
		return true
	}
	if strings.ContainsAny(s, " \t\n\"") {
		return false
	}
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "urn:uuid:")
}

type planStatus struct {
	test              string
	sessions          []string
	closed, cancelled bool
}

// statuses settles each appointment's status from the log.
func (p CarePlan) statuses() planStatus {
	open := statusProposed
	if p.Booked {
		open = statusBooked
	}
	st := planStatus{test: open, sessions: make([]string, len(p.Appointments))}
	for i := range st.sessions {
		st.sessions[i] = open
	}
	if p.Log == nil {
		return st
	}
	var end time.Time
	for _, e := range p.Log.Events {
		switch ev := e.(type) {
		case event.TestInjection:
			st.test = statusFulfilled
		case event.SessionPerformed:
			st.mark(p.Appointments, ev.At, statusFulfilled)
		case event.SessionMissed:
			st.mark(p.Appointments, ev.At, statusNoShow)
		case event.Cancel:
			st.closed, st.cancelled, end = true, true, ev.At
		case event.Close:
			st.closed, end = true, ev.At
		}
	}
	if st.closed {
		for i, a := range p.Appointments {
			if st.sessions[i] == open && !a.Start.Before(end) {
				st.sessions[i] = statusCancelled
			}
		}
		if st.test == open && !p.TestInjection.Before(end) {
			st.test = statusCancelled
		}
	}
	return st
}

// mark gives the appointment on the day of at, in the appointment's own
// location, the status.
func (st *planStatus) mark(apps []schedule.Appointment, at time.Time, status string) {
	for i, a := range apps {
		if meso.DateOf(at.In(a.Start.Location())) == meso.DateOf(a.Start) {
			st.sessions[i] = status
			return
		}
	}
}

func severity(s screening.Severity) string {
	switch s {
	case screening.Absolute:
		return "high"
	case screening.Temporary:
		return "moderate"
	}
	return "low"
}

func nameOf(p schedule.Protocol) string {
	if p.Name != "" {
		return p.Name
	}
	if p.ID != "" {
		return p.ID
	}
	return "a course of sessions"
}

// cadence describes the protocol's phases: the gap and how long each lasts.
func cadence(p schedule.Protocol, n int) string {
	var parts []string
	for _, ph := range p.Phases {
		s := fmt.Sprintf("%s: every %d days (%d-%d)", ph.Name, ph.Gap.Preferred, ph.Gap.Min, ph.Gap.Max)
		switch {
		case ph.Sessions > 0:
			s += fmt.Sprintf(" for %d sessions", ph.Sessions)
		case ph.Months == 1:
			s += " for a month"
		case ph.Months > 1:
			s += fmt.Sprintf(" for %d months", ph.Months)
		}
		parts = append(parts, s)
	}
	out := fmt.Sprintf("%d sessions", n)
	if p.ID != "" {
		out += " of the protocol " + p.ID
	}
	if len(parts) > 0 {
		out += "; " + strings.Join(parts, "; ")
	}
	return out + "."
}

// instant writes t as a FHIR instant: seconds and an offset.
func instant(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") }

// uuidURN makes a name-based UUID for a resource of the course, so that
// writing the same course again gives the same ids: the first 128 bits of
// a SHA-256 of the name, as an RFC 9562 version 8 (custom) UUID, since
// version 5 is defined for SHA-1.
func uuidURN(courseID, kind string, n int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("meso/fhir\x00%s\x00%s\x00%d", courseID, kind, n)))
	h[6] = h[6]&0x0f | 0x80
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// idOf returns the resource id of a urn:uuid: the UUID itself, which is a
// FHIR id (at most 64 letters, digits and hyphens).
func idOf(urn string) string { return strings.TrimPrefix(urn, "urn:uuid:") }

// implicatedBy returns the record's resources, as Type/id, whose facts the
// rule's match looks at, each once, in the record's order. A resource
// without an id cannot be referred to and is left out.
func implicatedBy(m screening.Match, facts []Fact) []string {
	var out []string
	for _, f := range facts {
		hit := f.Condition != 0 && slices.Contains(m.Conditions, f.Condition) ||
			f.Medication != 0 && slices.Contains(m.Medications, f.Medication) ||
			f.Reaction != 0 && slices.Contains(m.PriorReactions, f.Reaction) ||
			f.Indication != 0 && slices.Contains(m.Indications, f.Indication) ||
			f.Pregnant && m.Pregnant || f.Lactating && m.Lactating ||
			!f.Menstruation.From.IsZero() && m.Menstruating ||
			f.Allergy != "" && m.Allergy != 0 || f.OtherAllergy != "" && m.OtherAllergies
		if hit && strings.Contains(f.Resource, "/") && !slices.Contains(out, f.Resource) {
			out = append(out, f.Resource)
		}
	}
	return out
}
