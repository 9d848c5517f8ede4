package fhir_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// Read never panics; it gives a record whose intake screening accepts the
// form of, or a *meso.FieldError.
func FuzzRead(f *testing.F) {
	sample, err := os.ReadFile("../examples/screen/bundle.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(bundle(patient("female", "1990-01-01"), pregnancy("LA15173-0"), lactation("LA29253-4"),
		condition("active", coding(fhir.ICD10, "E11.9")), statement("stopped", coding(fhir.ATC, "B01AC06")))))
	f.Add([]byte(`{"resourceType": "Bundle"}`))
	on, _ := meso.ParseDate("2027-01-10")
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := fhir.Read(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *meso.FieldError", err)
			}
			return
		}
		for _, g := range rec.Questions {
			if g.Kind == fhir.NotRecorded && !g.Caution {
				t.Fatalf("a not-recorded gap that does not caution: %v", g)
			}
		}
		if err := rec.Intake.Check(); err != nil {
			return // too long a list or text: screening refuses it by name
		}
		r, err := rec.Screen(on, screening.Options{})
		if err != nil {
			return
		}
		if r.Verdict < r.Screening.Verdict || rec.Cautions() && r.Verdict < screening.Caution {
			t.Fatalf("verdict %v milder than screening %v or the gaps", r.Verdict, r.Screening.Verdict)
		}
	})
}

// Any input to the UnmarshalJSON of a CarePlan, or to the UnmarshalText of
// a Meaning or a QuestionKind, is either refused (a *meso.FieldError naming
// the field for a plan, an error wrapping a meso sentinel for the text
// forms, the receiver left as it was) or read as a value that encodes
// again and reads back as itself. A plan read is checked by its parts'
// own decoders; what WritePlan checks besides is its job (its doc says
// so), and not a property here. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	data, err := os.ReadFile("../examples/screen/bundle.json")
	if err != nil {
		f.Fatal(err)
	}
	rec, err := fhir.Read(bytes.NewReader(data))
	if err != nil {
		f.Fatal(err)
	}
	res, err := rec.Screen(daytest.Date(f, "2027-01-10"), screening.Options{})
	if err != nil {
		f.Fatal(err)
	}
	plan3, plan4 := biweeklyPlan(f, 3), biweeklyPlan(f, 4)
	full := func() any {
		plan := plan4
		plan.Length = 45 * time.Minute
		plan.Booked = true
		plan.Screening = &res.Screening
		plan.Record = &rec
		plan.Policy = screening.DefaultPolicy()
		plan.Aftercare = aftercare.DefaultPolicy()
		return &plan
	}
	types := []jsontest.Type{
		{Sample: full, Refusal: fuzzcheck.Field, Seeds: []string{`{"course": "c", "patient": "Patient/1", "protocol": null, "appointments": null, "length": "-1s"}`}},
		{Sample: func() any { p := plan3; return &p }, Refusal: fuzzcheck.Field, Seeds: []string{`{}`, `null`}},
		{Sample: func() any { m := fhir.MeansMedication; return &m }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
		{Sample: func() any { k := rec.Questions[0].Kind; return &k }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	}
	seeds, err := jsontest.FuzzSeeds(types, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		jsontest.CheckInput(t, types, data, func(want, got any) string {
			return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }), cmp.Comparer(time.Time.Equal))
		})
	})
}

// A plan without a protocol is refused at protocol: it read as the zero
// Protocol, which MarshalJSON writes and no decoder reads back. A document
// that is no object is refused at care_plan: the error named no field.
// Both were found by FuzzUnmarshal.
func TestCarePlanRefusals(t *testing.T) {
	for _, tc := range []struct{ doc, field string }{
		{`{}`, "protocol"},
		{`{"course": "c-1", "patient": "Patient/1", "appointments": []}`, "protocol"},
		{`null`, "care_plan"},
		{`[]`, "care_plan"},
	} {
		var p fhir.CarePlan
		err := p.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("CarePlan.UnmarshalJSON(%s) = %v, want a *meso.FieldError at %s", tc.doc, err, tc.field)
		}
	}
}

// Every key of a care plan's schema, in other letters, is refused by name:
// "APPOINTMENTS" must not drop the sessions, nor "SCREENING" the findings.
func TestCarePlanFoldedKeysRefused(t *testing.T) {
	data, err := os.ReadFile("../examples/screen/bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fhir.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	res, err := rec.Screen(daytest.Date(t, "2027-01-10"), screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan := biweeklyPlan(t, 3)
	plan.Length, plan.Booked, plan.TestInjection = 45*time.Minute, true, plan.Appointments[0].Start.Add(-24*time.Hour)
	plan.Screening, plan.Record = &res.Screening, &rec
	plan.Policy, plan.Aftercare = screening.DefaultPolicy(), aftercare.DefaultPolicy()
	logData, err := os.ReadFile("../course/event/testdata/logs/v3.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := event.DecodeLog(bytes.NewReader(logData))
	if err != nil {
		t.Fatal(err)
	}
	plan.Log = &l
	// A fact of each kind the sample record lacks.
	rec.Facts = append(rec.Facts, fhir.Fact{Entry: 7, Resource: "Condition/c9", Condition: screening.AcuteIllness},
		fhir.Fact{Entry: 8, Resource: "Condition/c10", Indication: formulary.Indication(1)},
		fhir.Fact{Entry: 9, Resource: "Observation/m1", Menstruation: meso.DateRange{From: daytest.Date(t, "2027-01-08"), To: daytest.Date(t, "2027-01-12")}},
		fhir.Fact{Entry: 10, Resource: "AllergyIntolerance/r1", Reaction: screening.Reaction(1)})
	doc, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error { return new(fhir.CarePlan).UnmarshalJSON(b) }, fhir.CarePlan{})
}
