package meso_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved: a
// Date as YYYY-MM-DD, a DateRange as its two ends, an ErrorReport as the
// error object a program writes, and a FieldError (whose reason is an error)
// by refusing, pointing to ReportError.
func TestJSONRoundTrip(t *testing.T) {
	d, err := meso.ParseDate("2027-03-01")
	if err != nil {
		t.Fatal(err)
	}
	r, err := meso.ParseDateRange("2027-03-01..2027-03-05")
	if err != nil {
		t.Fatal(err)
	}
	_, lookup := meso.SourceTitle("S2")
	fe := &meso.FieldError{Field: "phases[1].gap.min", Entry: "house-weekly", Value: "-3", Rule: "at least 1", Err: meso.ErrInvalid}
	samples := []jsontest.Sample{
		{Type: "Date", Value: d},
		{Type: "DateRange", Value: r},
		{Type: "FieldError", Value: fe, Refuses: true},
		{Type: "FieldError (a value)", Value: *fe, Refuses: true},
		{Type: "ErrorReport", Value: meso.ReportError(lookup)},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.Comparer(func(a, b meso.Date) bool { return a == b }))
	})
}
