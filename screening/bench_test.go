package screening

import (
	"bytes"
	"testing"

	"github.com/mesokit/meso"
)

// BenchmarkScreen screens the sample patient on a day when several
// rules hold, against a preparation with a stated composition: the work of
// one screening, from intake to explained result.
func BenchmarkScreen(b *testing.B) {
	in, err := DecodeIntake(bytes.NewReader([]byte(sampleJSON)))
	if err != nil {
		b.Fatal(err)
	}
	d := mustDate("2027-01-10")
	opts := Options{Preparation: "greying-cocktail"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Screen(in, d, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScreenClean screens an intake with nothing to find.
func BenchmarkScreenClean(b *testing.B) {
	in := Intake{BirthDate: mustDate("1990-04-12")}
	d := mustDate("2027-01-10")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Screen(in, d, Options{Preparation: "needle-mesotherapy-mix"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerdicts gives the verdicts on a course's 15 planned dates.
func BenchmarkVerdicts(b *testing.B) {
	in, err := DecodeIntake(bytes.NewReader([]byte(sampleJSON)))
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewScreener(in, Options{Preparation: "greying-cocktail"})
	if err != nil {
		b.Fatal(err)
	}
	dates := make([]meso.Date, 15)
	for i := range dates {
		dates[i] = mustDate("2027-01-05").AddDays(7 * i)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Verdicts(dates); err != nil {
			b.Fatal(err)
		}
	}
}
