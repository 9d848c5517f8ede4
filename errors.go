package meso

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The sentinel errors. Every error a package of meso returns for bad input
// wraps one of them, whichever package it comes from, so that
// errors.Is(err, meso.ErrUnknown) holds for an unknown preparation in a
// catalog, an unknown condition in an intake or an unknown protocol alike.
var (
	ErrUnknown   = errors.New("unknown")      // an id, field or enumeration value that does not exist
	ErrInvalid   = errors.New("invalid")      // malformed text, an impossible date or range, bad JSON
	ErrMissing   = errors.New("missing")      // a required value is absent or empty
	ErrTooLarge  = errors.New("over a limit") // input larger than a package's limits
	ErrDuplicate = errors.New("given twice")  // an id, key or value listed twice
)

// The limits on text that every package of meso holds its input to, so that
// no id, name or note can make it allocate without bound: an id (of a
// preparation, a rule, a protocol, a course, an instruction), a name (of an
// entry, a rule, a source) and free text (a note, a quote, a reason). A
// package's own lists and documents have their own limits, beside its
// functions.
const (
	MaxIDLen   = 64   // bytes of an id
	MaxNameLen = 200  // bytes of a name
	MaxTextLen = 2000 // bytes of a note, a quote or a reason
)

// FieldError is a value given to meso that it refuses: in a document (an
// intake, a catalog, a policy, a protocol, a log) or in a call's arguments.
// It is the one shape of such errors in every package.
//
// Field is the path of the value, written as in JavaScript:
// "preparations[3].kind", "medications[1].last_dose", "phases[1].gap.min";
// it is empty for the document as a whole. Entry is the id of the entry the
// field belongs to when the entry has one and it is known (a catalog entry,
// a protocol), so that "preparations[3]" can be found by name; it is empty
// otherwise. Value is the value as given, in full (the message shortens it);
// empty when there is none. Rule says what the value must be, in words, as
// in "one of allopathic, homeopathic or compounded" or "YYYY-MM-DD"; it may be
// empty. Err is what is wrong, and wraps one of the sentinel errors above.
type FieldError struct {
	Field string
	Entry string
	Value string
	Rule  string
	Err   error
}

// Error returns `FIELD (of "ENTRY") = "VALUE": REASON (want RULE)`, leaving
// out what is empty; the rule is left out too when the reason already says
// it. It has no package prefix: a program prefixes it once, with its own name.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.Field)
	if e.Entry != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "(of %q)", e.Entry)
	}
	if e.Value != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("= ")
		b.WriteString(quote(e.Value))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	why := "invalid" // a FieldError made by hand, without its reason
	if e.Err != nil {
		why = e.Err.Error()
	}
	b.WriteString(why)
	if e.Rule != "" && !strings.Contains(why, e.Rule) {
		b.WriteString(" (want ")
		b.WriteString(e.Rule)
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns the reason, which wraps a sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

// MarshalJSON refuses: a FieldError's reason is an error, which JSON cannot
// carry and read back. Write ReportError(err) instead.
func (e FieldError) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a FieldError has no JSON form (its Err is an error); marshal meso.ReportError(err): %w", errors.ErrUnsupported)
}

// ErrorReport is an error as a program reports it in JSON, as in
// {"error": {"field": …, "value": …, "rule": …, "message": …}}: the field, the
// value and the rule of the first FieldError the error wraps (empty when it
// wraps none), and the whole message.
type ErrorReport struct {
	Field   string `json:"field"`
	Value   string `json:"value"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// ReportError returns the report of err. The rule is the FieldError's Rule,
// or, when that is empty, what its reason says the value must be (the valid
// names of an enumeration, the form of a date).
func ReportError(err error) ErrorReport {
	if err == nil {
		return ErrorReport{}
	}
	r := ErrorReport{Message: err.Error()}
	var fe *FieldError
	if errors.As(err, &fe) {
		r.Field, r.Value, r.Rule = fe.Field, fe.Value, fe.Rule
		var ruled interface{ Rule() string }
		if r.Rule == "" && fe.Err != nil && errors.As(fe.Err, &ruled) {
			r.Rule = ruled.Rule()
		}
	}
	return r
}

// quoteLimit is how many bytes of a value an error message quotes.
const quoteLimit = 80

// quote quotes s for an error message, cut after quoteLimit bytes (on a
// character boundary) and marked with "…" when cut.
func quote(s string) string {
	if len(s) <= quoteLimit {
		return strconv.Quote(s)
	}
	cut := quoteLimit
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}

// reason is an error whose text is msg and which wraps a sentinel without
// naming it, so that the message stays short ("day 30 out of range 1-28")
// while errors.Is finds the sentinel. rule, when not empty, is what the value
// must be.
type reason struct {
	msg, rule string
	err       error
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.err }
func (r *reason) Rule() string  { return r.rule }

func invalidf(format string, args ...any) error {
	return &reason{msg: fmt.Sprintf(format, args...), rule: "YYYY-MM-DD", err: ErrInvalid}
}
