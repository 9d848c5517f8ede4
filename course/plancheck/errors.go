package plancheck

import "github.com/mesokit/meso"

// The errors that the errors of this package wrap, for errors.Is; they are
// the same values in course and each of its sub-packages.
var (
	ErrUnknown   = meso.ErrUnknown   // an id, field or enumeration value that does not exist
	ErrDuplicate = meso.ErrDuplicate // a value listed twice
	ErrMissing   = meso.ErrMissing   // a required value is absent or empty
	ErrInvalid   = meso.ErrInvalid   // malformed text, an impossible range, bad JSON
	ErrTooLarge  = meso.ErrTooLarge  // input larger than the package's limits
)

// FieldError is an invalid value given to the package, naming the field
// (such as "phases[1].gap.min"), the protocol when known, and the value as
// given; Err wraps one of the sentinel errors. It is the same type in course
// and each of its sub-packages.
type FieldError = meso.FieldError
