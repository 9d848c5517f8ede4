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
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// Every exported type saves and loads as itself, or refuses to be saved: a
// Record and a Result with their intake and screening in those types' own
// forms, a CarePlan (WritePlan's input) with each of its parts in theirs.
func TestJSONRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../examples/screen/bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := fhir.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Questions) == 0 || len(rec.Facts) == 0 {
		t.Fatal("the sample record has no questions or no facts")
	}
	res, err := rec.Screen(daytest.Date(t, "2027-01-10"), screening.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var cond, med fhir.Code
	for _, c := range fhir.Codes() {
		switch {
		case c.Meaning == fhir.MeansCondition && cond.Code == "":
			cond = c
		case c.Meaning == fhir.MeansMedication && med.Code == "":
			med = c
		}
	}
	plan := biweeklyPlan(t, 4)
	plan.Length = 45 * time.Minute
	plan.Booked = true
	plan.Screening = &res.Screening
	plan.Record = &rec
	plan.Policy = screening.DefaultPolicy()
	plan.Aftercare = aftercare.DefaultPolicy()
	if err := fhir.WritePlan(new(bytes.Buffer), plan); err != nil {
		t.Fatalf("the sample plan does not write: %v", err)
	}
	samples := []jsontest.Sample{
		{Type: "Record", Value: rec},
		{Type: "Question", Value: rec.Questions[0]},
		{Type: "QuestionKind", Value: rec.Questions[0].Kind},
		{Type: "Fact", Value: rec.Facts[0]},
		{Type: "Fact (a menstruation)", Value: fhir.Fact{Entry: 3, Resource: "Observation/m1",
			Menstruation: meso.DateRange{From: daytest.Date(t, "2027-01-08"), To: daytest.Date(t, "2027-01-12")}}},
		{Type: "Result", Value: res},
		{Type: "Code", Value: cond},
		{Type: "Code (a medicine)", Value: med},
		{Type: "Meaning", Value: med.Meaning},
		{Type: "CarePlan", Value: plan},
		{Type: "CarePlan (the least WritePlan takes)", Value: biweeklyPlan(t, 3)},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }), cmp.Comparer(time.Time.Equal))
	})
}

// What the JSON forms refuse, they refuse clearly.
func TestJSONRefusals(t *testing.T) {
	for name, v := range map[string]any{"Meaning(0)": fhir.Meaning(0), "QuestionKind(0)": fhir.QuestionKind(0), "Code{}": fhir.Code{}} {
		if _, err := json.Marshal(v); err == nil {
			t.Errorf("json.Marshal(%s) succeeded: the zero value is none", name)
		}
	}
	var fe *meso.FieldError
	for _, tc := range []struct {
		name string
		v    any
		doc  string
	}{
		{"an unknown meaning", new(fhir.Meaning), `"pregnantish"`},
		{"an unknown question kind", new(fhir.QuestionKind), `"asked"`},
		{"a negative length", new(fhir.CarePlan), `{"length": "-5m"}`},
		{"a folded key", new(fhir.CarePlan), `{"Course": "c-1"}`},
		{"an invalid protocol", new(fhir.CarePlan), `{"protocol": {}}`},
	} {
		err := strictjson.Decode([]byte(tc.doc), tc.v)
		if err == nil {
			t.Errorf("%s: decoding %s into %T succeeded", tc.name, tc.doc, tc.v)
		}
		if _, ok := tc.v.(*fhir.CarePlan); ok && !errors.As(err, &fe) {
			t.Errorf("%s: %v, want a *meso.FieldError", tc.name, err)
		}
	}
}
