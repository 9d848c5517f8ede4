// Package enum gives meso's typed enumerations their text form.
//
// Each enumeration is a small unsigned integer type with a Table of names,
// indexed by value, that its String, MarshalText and UnmarshalText methods
// hand to the helpers here, so that JSON carries names, never numbers. A value
// whose name is "" has no name and cannot be written, except the zero value of
// a table with EmptyZero, which means "not stated" and is written as empty
// text.
package enum

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mesokit/meso"
)

// Table is the text form of one enumeration.
type Table struct {
	Type      string   // the Go type, for String of a value without a name: "Class(7)"
	What      string   // what a value is called in an error: "class"
	Names     []string // Names[v] is the name of value v; "" for none
	EmptyZero bool     // the zero value is written as empty text and means "not stated"
	Unknown   error    // the sentinel an unknown name wraps
}

// Name returns the text of value v and whether v has one.
func (t *Table) Name(v int) (string, bool) {
	if v == 0 && t.EmptyZero {
		return "", true
	}
	if v < len(t.Names) && t.Names[v] != "" {
		return t.Names[v], true
	}
	return "", false
}

// String returns the name of v, or Type(v) for a value without one.
func String[E ~uint8](t *Table, v E) string {
	if s, ok := t.Name(int(v)); ok {
		return s
	}
	return t.Type + "(" + strconv.Itoa(int(v)) + ")"
}

// Marshal returns the name of v, or an error for a value without one.
func Marshal[E ~uint8](t *Table, v E) ([]byte, error) {
	if s, ok := t.Name(int(v)); ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("%s(%d) has no name", t.Type, int(v))
}

// Parse returns the value named s.
func Parse[E ~uint8](t *Table, s string) (E, bool) {
	if s == "" {
		return 0, t.EmptyZero
	}
	for i, n := range t.Names {
		if n == s {
			return E(i), true
		}
	}
	return 0, false
}

// Unmarshal sets *v to the value named by text, or returns an error wrapping
// t.Unknown that names the text and the names accepted. On error *v is
// unchanged.
func Unmarshal[E ~uint8](t *Table, text []byte, v *E) error {
	e, ok := Parse[E](t, string(text))
	if !ok {
		return &ruled{msg: fmt.Sprintf("%v %s %q (want %s)", t.Unknown, t.What, text, t.Want()), rule: t.rule(), err: t.Unknown}
	}
	*v = e
	return nil
}

// Mismatch is the error for a name that is not in t, for a caller that
// reports the name itself: "unknown class (want vitamin, … or vascular-agent)".
func (t *Table) Mismatch() error {
	return &ruled{msg: fmt.Sprintf("%v %s (want %s)", t.Unknown, t.What, t.Want()), rule: t.rule(), err: t.Unknown}
}

// rule is what a value of t must be, for a FieldError's Rule: "one of a, b
// or c", as the error of a lookup says it.
func (t *Table) rule() string {
	if w := t.Want(); strings.Contains(w, " or ") {
		return "one of " + w
	}
	return t.Want()
}

// ruled is an error that says what the value must be (Rule, which
// meso.ReportError reads) and wraps a sentinel.
type ruled struct {
	msg, rule string
	err       error
}

func (r *ruled) Error() string { return r.msg }
func (r *ruled) Unwrap() error { return r.err }
func (r *ruled) Rule() string  { return r.rule }

// MaxListed is how many valid ids the error of a failed lookup lists before
// "… and N more".
const MaxListed = 20

// Unknown is the error of a lookup that found nothing: a *meso.FieldError at
// field with the id as given, wrapping meso.ErrUnknown, whose Rule lists the
// valid ids (the first MaxListed of them, and how many more), as in
// `preparation = "mesopecia-x": unknown preparation (want one of mesopecia,
// greying-cocktail or …)`. what names the kind of thing looked up.
func Unknown(field, what, id string, valid []string) error {
	return &meso.FieldError{Field: field, Value: id, Rule: OneOf(valid), Err: fmt.Errorf("%w %s", meso.ErrUnknown, what)}
}

// OneOf writes a list of valid ids for an error: "one of a, b or c", the
// first MaxListed of a long list and "… and N more", or "none" for none.
func OneOf(ids []string) string {
	switch len(ids) {
	case 0:
		return "none"
	case 1:
		return ids[0]
	}
	if len(ids) > MaxListed {
		return "one of " + strings.Join(ids[:MaxListed], ", ") + ", … and " + strconv.Itoa(len(ids)-MaxListed) + " more"
	}
	return "one of " + strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

// Want lists the names accepted, for an error message: "a, b or c".
func (t *Table) Want() string {
	var ns []string
	for _, n := range t.Names {
		if n != "" {
			ns = append(ns, n)
		}
	}
	if t.EmptyZero {
		ns = append(ns, `"" (not stated)`)
	}
	switch len(ns) {
	case 0:
		return "nothing"
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " or " + ns[len(ns)-1]
}
