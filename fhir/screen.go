package fhir

import (
	"io"
	"slices"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/screening"
)

// Result is a screening of a record: the screening.Result for its Intake,
// exactly as screening.Screen gives it, the record's Questions, and the Verdict
// over both.
type Result struct {
	// Verdict is Screening.Verdict, raised to Caution when it is Cleared
	// and a Question cautions. It is never milder than Screening.Verdict.
	Verdict   screening.Verdict `json:"verdict"`
	Screening screening.Result  `json:"screening"`
	Questions []Question        `json:"questions"`
}

// Cautions returns the gaps that raise the verdict to Caution.
func (r Result) Cautions() []Question {
	var out []Question
	for _, g := range r.Questions {
		if g.Caution {
			out = append(out, g)
		}
	}
	return out
}

// Screen screens the record on the date under opts: the screening of its
// Intake, and the Verdict raised to at least Caution when the record leaves
// a question open or holds a current condition, medicine or allergy meso
// does not recognise. Errors are a *meso.FieldError for the record's own content and
// screening's errors for the intake and options.
func (r Record) Screen(on meso.Date, opts screening.Options) (Result, error) {
	s, err := screening.Screen(r.Intake, on, opts)
	if err != nil {
		return Result{}, err
	}
	v := s.Verdict
	if v == screening.Cleared && r.Cautions() {
		v = screening.Caution
	}
	return Result{Verdict: v, Screening: s, Questions: slices.Clone(r.Questions)}, nil
}

// Screen reads a Bundle (see Read) and screens its record on the date, as
// Record.Screen does.
func Screen(bundle io.Reader, on meso.Date, opts screening.Options) (Result, error) {
	rec, err := Read(bundle)
	if err != nil {
		return Result{}, err
	}
	return rec.Screen(on, opts)
}
