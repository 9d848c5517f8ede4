package fhir_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/screening"
)

func biweeklyPlan(t testing.TB, sessions int) fhir.CarePlan {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := clinic.NewCalendar(loc, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := schedule.Lookup("biweekly")
	apps, err := p.Expand(daytest.Date(t, "2027-03-01"), sessions, cal)
	if err != nil {
		t.Fatal(err)
	}
	test, err := schedule.TestInjection(cal, apps[0])
	if err != nil {
		t.Fatal(err)
	}
	return fhir.CarePlan{Course: "c-1", Patient: "Patient/anna", Protocol: p, Appointments: apps, TestInjection: test}
}

type written struct {
	Entry []struct {
		FullURL  string         `json:"fullUrl"`
		Resource map[string]any `json:"resource"`
	} `json:"entry"`
}

func write(t *testing.T, p fhir.CarePlan) (written, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := fhir.WritePlan(&buf, p); err != nil {
		t.Fatalf("WritePlan: %v", err)
	}
	var w written
	if err := json.Unmarshal(buf.Bytes(), &w); err != nil {
		t.Fatal(err)
	}
	return w, buf.Bytes()
}

// references collects every "reference" in v.
func references(v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "reference" {
				*out = append(*out, s)
			}
			references(x, out)
		}
	case []any:
		for _, x := range v {
			references(x, out)
		}
	}
}

// Every reference in the Bundle is a fullUrl of it or the patient; the
// CarePlan has one activity per appointment, the test injection's first,
// then the aftercare; a finding is a DetectedIssue the CarePlan names.
func TestWritePlanReferencesResolve(t *testing.T) {
	p := biweeklyPlan(t, 4)
	p.Aftercare = aftercare.DefaultPolicy()
	on := daytest.Date(t, "2027-03-01")
	res, err := screening.Screen(screening.Intake{BirthDate: daytest.Date(t, "1990-01-01"), OtherAllergies: []string{"latex"}}, on, screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Screening = &res
	w, _ := write(t, p)
	urls := map[string]string{}
	for _, e := range w.Entry {
		if !strings.HasPrefix(e.FullURL, "urn:uuid:") || e.Resource["id"] != strings.TrimPrefix(e.FullURL, "urn:uuid:") {
			t.Errorf("entry %s: id %v", e.FullURL, e.Resource["id"])
		}
		urls[e.FullURL] = e.Resource["resourceType"].(string)
	}
	var refs []string
	for _, e := range w.Entry {
		references(e.Resource, &refs)
	}
	for _, r := range refs {
		if _, ok := urls[r]; !ok && r != "Patient/anna" {
			t.Errorf("reference %q resolves to nothing in the Bundle", r)
		}
	}
	var kinds []string
	for _, e := range w.Entry {
		kinds = append(kinds, e.Resource["resourceType"].(string))
	}
	want := []string{"CarePlan", "Appointment", "Appointment", "Appointment", "Appointment", "Appointment", "DetectedIssue"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
	acts := w.Entry[0].Resource["activity"].([]any)
	for i := 0; i < 5; i++ {
		ref := acts[i].(map[string]any)["reference"].(map[string]any)["reference"]
		if ref != w.Entry[1+i].FullURL {
			t.Errorf("activity[%d] refers to %v, want %s", i, ref, w.Entry[1+i].FullURL)
		}
	}
	if len(acts) <= 5 {
		t.Errorf("no aftercare activities")
	}
	for _, a := range acts[5:] {
		d := a.(map[string]any)["detail"].(map[string]any)
		per := d["scheduledPeriod"].(map[string]any)
		if d["doNotPerform"] != true || per["start"] == "" || per["end"] == "" {
			t.Errorf("aftercare activity %v", d)
		}
	}
	issue := w.Entry[6].Resource
	if issue["severity"] != "low" || !strings.Contains(issue["detail"].(string), "latex") {
		t.Errorf("DetectedIssue %v", issue)
	}
}

// The log settles the statuses: the test injection and a session done are
// fulfilled, a session missed is noshow, and after a cancellation every
// session left is cancelled; the rest are proposed, or booked.
func TestWritePlanStatuses(t *testing.T) {
	p := biweeklyPlan(t, 5)
	a := p.Appointments
	p.Log = &event.Log{Events: []event.Event{
		event.TestInjection{At: p.TestInjection},
		event.SessionPerformed{At: a[0].Start},
		event.SessionMissed{At: a[1].Start},
		event.SessionPerformed{At: a[2].Start.Add(30 * time.Minute)},
		event.Cancel{At: a[2].Start.Add(24 * time.Hour), Reason: "moved away"},
	}}
	statuses := func(p fhir.CarePlan) []string {
		w, _ := write(t, p)
		var out []string
		for _, e := range w.Entry[1:] {
			out = append(out, e.Resource["status"].(string))
		}
		return out
	}
	if diff := cmp.Diff([]string{"fulfilled", "fulfilled", "noshow", "fulfilled", "cancelled", "cancelled"}, statuses(p)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	p.Log = nil
	p.Booked = true
	if diff := cmp.Diff([]string{"booked", "booked", "booked", "booked", "booked", "booked"}, statuses(p)); diff != "" {
		t.Errorf("booked statuses (-want +got):\n%s", diff)
	}
}

// The same course written twice gives the same Bundle.
func TestWritePlanIsDeterministic(t *testing.T) {
	_, one := write(t, biweeklyPlan(t, 3))
	_, two := write(t, biweeklyPlan(t, 3))
	if !bytes.Equal(one, two) {
		t.Errorf("two writes differ")
	}
}

func TestWritePlanErrors(t *testing.T) {
	ok := biweeklyPlan(t, 3)
	tests := []struct {
		name     string
		change   func(*fhir.CarePlan)
		path     string
		sentinel error
	}{
		{"no course", func(p *fhir.CarePlan) { p.Course = "" }, "Course", meso.ErrMissing},
		{"no patient", func(p *fhir.CarePlan) { p.Patient = "" }, "Patient", meso.ErrMissing},
		{"a patient that is no reference", func(p *fhir.CarePlan) { p.Patient = "Anna Example" }, "Patient", meso.ErrInvalid},
		{"no sessions", func(p *fhir.CarePlan) { p.Appointments = nil }, "Appointments", meso.ErrMissing},
		{"sessions out of order", func(p *fhir.CarePlan) { p.Appointments[1], p.Appointments[2] = p.Appointments[2], p.Appointments[1] }, "Appointments[2]", meso.ErrInvalid},
		{"a negative length", func(p *fhir.CarePlan) { p.Length = -time.Minute }, "Length", meso.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			p.Appointments = append([]schedule.Appointment(nil), ok.Appointments...)
			tt.change(&p)
			var buf bytes.Buffer
			err := fhir.WritePlan(&buf, p)
			var fe *meso.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.path || !errors.Is(err, tt.sentinel) {
				t.Errorf("WritePlan = %v, want an *Error at %q wrapping %v", err, tt.path, tt.sentinel)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes on error", buf.Len())
			}
		})
	}
}

// A DetectedIssue names the record's resources its finding rests on: the
// anticoagulant's MedicationStatement, the allergy's AllergyIntolerance.
func TestWritePlanImplicates(t *testing.T) {
	f, err := os.Open("../examples/screen/bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec, err := fhir.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	r, err := rec.Screen(daytest.Date(t, "2027-03-01"), screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// On 2027-03-01 the warfarin is long washed out; screen on its last
	// dose's week for the anticoagulant finding.
	r2, err := rec.Screen(daytest.Date(t, "2027-01-05"), screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := biweeklyPlan(t, 3)
	p.Record, p.Screening = &rec, &r2.Screening
	w, _ := write(t, p)
	got := map[string][]string{}
	for _, e := range w.Entry {
		if e.Resource["resourceType"] != "DetectedIssue" {
			continue
		}
		var refs []string
		references(e.Resource["implicated"], &refs)
		got[e.Resource["code"].(map[string]any)["text"].(string)] = refs
	}
	want := map[string][]string{
		"anticoagulant (temporary)": {"MedicationStatement/warfarin"},
		"other-allergy (advisory)":  {"AllergyIntolerance/latex"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("implicated (-want +got):\n%s", diff)
	}
	// A screening under another policy than the plan's is refused.
	other := r.Screening
	other.Policy = "clinic-north"
	p.Screening = &other
	if err := fhir.WritePlan(&bytes.Buffer{}, p); !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("WritePlan with another policy's screening = %v, want meso.ErrInvalid", err)
	}
}
