package event

import (
	"bytes"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Any input to a Log's UnmarshalJSON, or to the UnmarshalText of Kind,
// Zones, Checklist, Complication, Grade, Outcome or Observed, is either
// refused (a *meso.FieldError naming the field for a log, an error wrapping
// a meso sentinel for the text forms, the receiver left as it was) or read
// as a value that encodes again and reads back as itself; a version 1 log,
// which names no zone, is read and refuses to be written until its zone
// is set (Log's doc). Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	full, err := DecodeLog(bytes.NewReader(fullLog(f)))
	if err != nil {
		f.Fatal(err)
	}
	var seeds []string
	for _, name := range []string{"v1.json", "v2.json", "v3.json"} {
		data, err := os.ReadFile("testdata/logs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(data))
	}
	types := []jsontest.Type{
		{Sample: func() any { l := full; return &l }, Refusal: fuzzcheck.Field, Seeds: seeds,
			Unsaved: func(v any) bool { return v.(*Log).Zone == nil }},
		{Sample: func() any { k := full.Events[0].Kind(); return &k }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
		{Sample: func() any { z := WholeScalp; return &z }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "crown,crown", ",", "whole-scalp,crown"}},
		{Sample: func() any { c := Checklist(0b101); return &c }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", ",", "position,position"}},
		{Sample: func() any { c := Fever; return &c }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
		{Sample: func() any { g := Moderate; return &g }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
		{Sample: func() any { o := OutcomeResume; return &o }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
		{Sample: func() any { o := Shedding; return &o }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	}
	docs, err := jsontest.FuzzSeeds(types, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range docs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit has its own test
		}
		jsontest.CheckInput(t, types, data, func(want, got any) string {
			return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
				cmp.Comparer(time.Time.Equal),
				cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }))
		})
	})
}
