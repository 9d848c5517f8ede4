// Package strictjson is meso's one JSON decoder: every document a caller
// hands to meso (an intake, a catalog, a policy, a protocol, a course log, a
// screening result) is read by Decode, which loses and guesses nothing.
// encoding/json, asked to decode into a struct, matches keys without regard
// to case or Unicode folding and keeps the last of two equal keys, so
// {"pregnant": true, "Pregnant": false} decodes as not pregnant. Decode
// matches keys byte for byte and refuses the rest: a key in other letters, a
// key given twice, an unknown field, nesting past MaxDepth, text after the
// value, input that is not UTF-8 and input beyond a size limit are errors
// that name where they are.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/mesokit/meso"
)

// Errors a caller can match with errors.Is. Each also matches meso's
// sentinel of the same meaning, and every one but ErrTooLarge matches
// meso.ErrInvalid (a document that is not what it should be), so that a
// caller of any package can test for a malformed document with
// errors.Is(err, meso.ErrInvalid) however the package reports it.
var (
	ErrTooLarge     error = &sentinel{"input too large", []error{meso.ErrTooLarge}}
	ErrDuplicateKey error = &sentinel{"key given twice", []error{meso.ErrDuplicate, meso.ErrInvalid}}
	ErrTrailingData error = &sentinel{"data after the JSON value", []error{meso.ErrInvalid}}
	ErrSyntax       error = &sentinel{"malformed JSON", []error{meso.ErrInvalid}}
	ErrUnknownField error = &sentinel{"unknown field", []error{meso.ErrUnknown, meso.ErrInvalid}}
	ErrFoldedKey    error = &sentinel{"key in other letters", []error{meso.ErrUnknown, meso.ErrInvalid}}
	ErrTooDeep      error = &sentinel{"nested too deeply", []error{meso.ErrTooLarge, meso.ErrInvalid}}
	ErrType         error = &sentinel{"wrong JSON type", []error{meso.ErrInvalid}}
)

// Reason returns what is wrong at the place of a decoding error (an *Error's
// Err), in the words meso's packages use in a *meso.FieldError, wrapping
// both meso's sentinel and err: a key in other letters or an unknown key is
// an unknown field (meso.ErrUnknown), nesting too deep is over a limit
// (meso.ErrTooLarge), a key given twice is meso.ErrDuplicate, and anything
// else is meso.ErrInvalid. Each also matches meso.ErrInvalid, through err.
func Reason(err error) error {
	switch {
	case errors.Is(err, ErrFoldedKey):
		return fmt.Errorf("%w field: %w", meso.ErrUnknown, err)
	case errors.Is(err, ErrTooDeep):
		return fmt.Errorf("%w: %w", meso.ErrTooLarge, err)
	case errors.Is(err, ErrUnknownField):
		return ErrUnknownField // "unknown field": the path names it
	case errors.Is(err, ErrDuplicateKey):
		return &sentinel{"given twice: a key may appear once in an object", []error{meso.ErrDuplicate, err}}
	}
	return fmt.Errorf("%w: %w", meso.ErrInvalid, err)
}

// DecodeField is Decode, its error a *meso.FieldError at the place in the
// document (as "events[3].at"), or at whole when the error is of the
// document as a whole (its syntax, its size), with its Reason.
func DecodeField(data []byte, v any, whole string) error {
	err := Decode(data, v)
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		field := whole
		if se.Path != "" {
			field = se.Path
		}
		return &meso.FieldError{Field: field, Err: Reason(se.Err)}
	}
	return &meso.FieldError{Field: whole, Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
}

// sentinel is an error of this package that also matches meso's sentinels
// of the same meaning, without naming them in its text.
type sentinel struct {
	msg string
	is  []error
}

func (s *sentinel) Error() string   { return s.msg }
func (s *sentinel) Unwrap() []error { return s.is }

// Error is a decoding error at a place in the document: Path is where, written
// as in JavaScript (preparations[3].kind); it is empty for the whole document.
// A syntax error also has the Line and Column (from 1, in characters) where
// the text stops being JSON; they are 0 for every other error.
type Error struct {
	Path         string
	Line, Column int
	Err          error
}

// Error writes the path, then what is wrong there.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Unwrap returns what is wrong.
func (e *Error) Unwrap() error { return e.Err }

// ReadAll reads all of r, or fails with ErrTooLarge as soon as it holds more
// than limit bytes. It allocates at most about three times what it reads,
// doubling its buffer, and once when r tells its length (a bytes.Reader,
// a strings.Reader): io.ReadAll grows its buffer by a quarter at a time past
// 256 KiB, which allocates five times a large input.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	size := int64(4096)
	if l, ok := r.(interface{ Len() int }); ok {
		if n := int64(l.Len()); n >= 0 { // a negative length is none
			size = min(n, limit) + 1 // +1: to see the end without growing
		}
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &Error{Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*int64(cap(buf)), limit+1))
			copy(grown, buf)
			buf = grown
		}
	}
}

// Marshal writes v as JSON as meso writes it everywhere: without escaping
// <, > and & (messages use them), and without a newline at the end.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
