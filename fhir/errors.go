package fhir

import (
	"fmt"

	"github.com/mesokit/meso"
)

// MaxBundleBytes is the largest Bundle Read reads, and MaxEntries the most
// entries it holds: so that no input can make Read allocate or loop without
// bound. Each list of the Intake is bounded again by screening.MaxListLen.
const (
	MaxBundleBytes = 4 << 20
	MaxEntries     = 1000
)

// fail returns the error for the value at path (a *meso.FieldError whose Field
// is the path in the Bundle, as in "entry[3].resource.birthDate").
func fail(path, value string, sentinel error, format string, args ...any) *meso.FieldError {
	return &meso.FieldError{Field: path, Value: value, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}
