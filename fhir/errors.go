package fhir

import (
	"errors"
	"fmt"
)

// MaxBundleBytes is the largest Bundle Read reads, and MaxEntries the most
// entries it holds: so that no input can make Read allocate or loop without
// bound. Each list of the Intake is bounded again by screening.MaxListLen.
const (
	MaxBundleBytes = 4 << 20
	MaxEntries     = 1000
)

// Errors wrapped by every error the package returns, for errors.Is.
var (
	ErrInvalid  = errors.New("invalid")      // not FHIR R4 JSON as this package reads it
	ErrMissing  = errors.New("missing")      // an element FHIR or meso needs is absent
	ErrTooLarge = errors.New("over a limit") // over MaxBundleBytes or MaxEntries
)

// Error is a Bundle that cannot be read: where (Path, as in
// "entry[3].resource.birthDate"; empty for the whole document), the value
// as given when there is one, and what is wrong. Err wraps ErrInvalid,
// ErrMissing or ErrTooLarge.
type Error struct {
	Path  string
	Value string
	Err   error
}

// Error returns "fhir: PATH = "VALUE": reason", leaving out what is empty.
func (e *Error) Error() string {
	s := "fhir: "
	if e.Path != "" {
		s += e.Path
		if e.Value != "" {
			s += fmt.Sprintf(" = %q", e.Value)
		}
		s += ": "
	}
	if e.Err == nil {
		return s + "invalid"
	}
	return s + e.Err.Error()
}

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

func fail(path, value string, sentinel error, format string, args ...any) *Error {
	return &Error{Path: path, Value: value, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}
