package fhir

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/screening"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	var rec Record
	on, _ := meso.ParseDate("2027-01-10")
	if _, err := rec.Screen(on, screening.Options{}); err == nil {
		t.Errorf("Record{}.Screen accepted an intake without a birth date")
	}
	if rec.Cautions() {
		t.Errorf("Record{} cautions")
	}
	var r Result
	if r.Cautions() != nil || r.Verdict != 0 {
		t.Errorf("Result{} has cautions or a verdict")
	}
	var g Question
	var k QuestionKind
	var m Meaning
	var c Code
	if g.String() != "none" || k.String() != "none" || m.String() != "none" || c.matches("x") {
		t.Errorf("zero Question %q, QuestionKind %q, Meaning %q, Code matches", g, k, m)
	}
	var p CarePlan
	if err := WritePlan(io.Discard, p); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("WritePlan(Plan{}) = %v, want meso.ErrMissing", err)
	}
	var f Fact
	if got := implicatedBy(screening.Match{Pregnant: true}, []Fact{f}); got != nil {
		t.Errorf("Fact{} implicates %v", got)
	}
	if _, err := Read(strings.NewReader("")); err == nil {
		t.Errorf("Read of nothing accepted")
	}
}
