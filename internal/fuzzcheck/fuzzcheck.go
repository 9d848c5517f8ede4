// Package fuzzcheck holds the refusals the packages' FuzzUnmarshal targets
// accept (see jsontest.Type.Refusal), written once against meso's error
// vocabulary, which package jsontest does not import.
package fuzzcheck

import (
	"errors"

	"github.com/mesokit/meso"
)

// Field accepts a *meso.FieldError that names its field and wraps one of
// meso's sentinels: the refusal of every JSON decoder of the module.
func Field(err error) string {
	var fe *meso.FieldError
	switch {
	case !errors.As(err, &fe):
		return "want a *meso.FieldError"
	case fe.Field == "":
		return "the *meso.FieldError names no field"
	}
	return Sentinel(err)
}

// Sentinel accepts an error that wraps one of meso's sentinels: the refusal
// of a type read from text (an enumeration, a list of weekdays), which has
// no field of its own to name; the JSON decoder holding it names the field.
func Sentinel(err error) string {
	for _, s := range []error{meso.ErrUnknown, meso.ErrInvalid, meso.ErrMissing, meso.ErrTooLarge, meso.ErrDuplicate} {
		if errors.Is(err, s) {
			return ""
		}
	}
	return "wraps none of meso's sentinels"
}
